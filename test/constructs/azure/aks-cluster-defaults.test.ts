/**
 * AksCluster built with its required props only, so each documented `@default` is pinned. The one
 * prop beyond the required ones is `privateDeployerCidrs`: the cluster needs a path to its API, and
 * the private one keeps the `authorizedIpRanges` default in force.
 */
import { describe, expect, it } from "vitest";
import { AksCluster } from "../../../constructs/azure/aks-cluster";
import { Testing } from "../../../constructs/core";
import { all, NETWORK, one } from "./aks-fixtures";

let aks: AksCluster | undefined;
const out = Testing.synthScope((scope) => {
  aks = new AksCluster(scope, "Aks", {
    name: "acme",
    resourceGroupName: "acme",
    location: "westeurope",
    kubernetesVersion: "1.36",
    network: NETWORK,
    privateDeployerCidrs: ["10.20.250.0/24"],
    systemPool: { vmSize: "Standard_D2ds_v5", minSize: 1, desiredSize: 1, maxSize: 2 },
    applicationPool: { vmSize: "Standard_D2ds_v5", minSize: 1, desiredSize: 1, maxSize: 2, spotPercent: 0 },
  });
});
const cluster = one(out, "azurerm_kubernetes_cluster", "Aks_Cluster");

describe("AksCluster defaults (required props only)", () => {
  it("is a development cluster on the Standard tier, not protected from destroy", () => {
    expect(aks?.production).toBe(false);
    expect(aks?.preventDestroy).toBe(false);
    expect(cluster).toMatchObject({ sku_tier: "Standard", lifecycle: { prevent_destroy: false } });
  });

  it("spreads every pool over zones 1-3 in the network's first private subnet, 110 pods a node", () => {
    expect(aks?.settings.zones).toEqual(["1", "2", "3"]);
    expect(cluster.default_node_pool).toMatchObject({
      zones: ["1", "2", "3"],
      vnet_subnet_id: NETWORK.privateSubnetIds[0],
      max_pods: 110,
      os_disk_size_gb: 64,
      upgrade_settings: { max_surge: "33%" },
    });
    expect(aks?.nodeSubnetId).toBe(NETWORK.privateSubnetIds[0]);
  });

  it("takes pods from 192.168.0.0/16 and services from 172.16.0.0/16, with egress through the load balancer", () => {
    expect(cluster.network_profile).toMatchObject({
      pod_cidr: "192.168.0.0/16",
      service_cidr: "172.16.0.0/16",
      dns_service_ip: "172.16.0.10",
      outbound_type: "loadBalancer",
    });
  });

  it("keeps 30 days of logs, cleans images weekly and upgrades at the weekend", () => {
    expect(aks?.settings.logRetentionDays).toBe(30);
    expect(one(out, "azurerm_log_analytics_workspace", "Aks_Logs_Workspace").retention_in_days).toBe(30);
    expect(cluster.image_cleaner_interval_hours).toBe(168);
    expect(cluster.maintenance_window_auto_upgrade).toMatchObject({
      day_of_week: "Sunday",
      start_time: "00:00",
      duration: 4,
    });
    expect(cluster.maintenance_window_node_os).toMatchObject({
      day_of_week: "Saturday",
      start_time: "00:00",
      duration: 4,
    });
  });

  it("deletes a volume with its claim, outside production", () => {
    expect(one(out, "kubernetes_storage_class_v1", "Aks_PremiumZrsStorageClass").reclaim_policy).toBe(
      "Delete",
    );
  });

  it("grants no admin group: an empty admin list and no role assignment", () => {
    expect(cluster.azure_active_directory_role_based_access_control).toMatchObject({
      admin_group_object_ids: [],
    });
    expect(Object.keys(all(out, "azurerm_role_assignment")).filter((k) => k.includes("AdminAccess"))).toEqual(
      [],
    );
  });
});
