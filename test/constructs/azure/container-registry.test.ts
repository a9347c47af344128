import { ContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { describe, expect, it } from "vitest";
import {
  ACR_PRIVATE_DNS_ZONE,
  AzureContainerRegistry,
  type AzureContainerRegistryProps,
} from "../../../constructs/azure/container-registry";
import { TerraformOutput, Testing } from "../../../constructs/core";
import { errorOf, logicalIds, problem, resourceById, resourcesOf } from "../../helpers";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-prod";
const SUBNET = `${SUB}/providers/Microsoft.Network/virtualNetworks/acme-prod/subnets/endpoints`;
const ZONE = `${SUB}/providers/Microsoft.Network/privateDnsZones/${ACR_PRIVATE_DNS_ZONE}`;
const KUBELET = "11111111-2222-3333-4444-555555555555";
const props: AzureContainerRegistryProps = {
  name: "acmeprodacr",
  resourceGroupName: "acme-prod",
  location: "westeurope",
  drLocation: "northeurope",
  production: true,
  privateEndpointSubnetId: SUBNET,
  privateDnsZoneId: ZONE,
  kubeletObjectIds: { Blue: KUBELET },
};

function synth(overrides: Partial<AzureContainerRegistryProps> = {}): string {
  return Testing.synthScope((scope) => new AzureContainerRegistry(scope, "Acr", { ...props, ...overrides }));
}

const registryOf = (out: string) => resourceById(out, "azurerm_container_registry", "Acr_Registry");

describe("AzureContainerRegistry", () => {
  const out = synth();

  it("is a Premium, zone-redundant registry with the admin user, anonymous pull, export and public access off", () => {
    expect(out).toHaveResourceWithProperties(ContainerRegistry, {
      name: "acmeprodacr",
      resource_group_name: "acme-prod",
      location: "westeurope",
      sku: "Premium",
      admin_enabled: false,
      anonymous_pull_enabled: false,
      public_network_access_enabled: false,
      network_rule_bypass_option: "AzureServices",
      export_policy_enabled: false,
      zone_redundancy_enabled: true,
    });
  });

  it("geo-replicates to the DR location, zone redundant", () => {
    expect(registryOf(out).georeplications).toEqual([
      { location: "northeurope", zone_redundancy_enabled: true },
    ]);
  });

  it("purges untagged manifests after 14 days by default, and after the given days otherwise", () => {
    expect(registryOf(out).retention_policy_in_days).toBe(14);
    expect(registryOf(synth({ untaggedRetentionDays: 30 })).retention_policy_in_days).toBe(30);
  });

  it("keeps Docker Content Trust off and quarantine off unless asked", () => {
    expect(registryOf(out)).toMatchObject({ trust_policy_enabled: false, quarantine_policy_enabled: false });
    expect(registryOf(synth({ quarantinePolicyEnabled: true })).quarantine_policy_enabled).toBe(true);
  });

  it("is reached through a private endpoint on the registry sub-resource, registered in the private DNS zone", () => {
    expect(out).toHaveResourceWithProperties(PrivateEndpoint, {
      name: "acmeprodacr-registry",
      resource_group_name: "acme-prod",
      location: "westeurope",
      subnet_id: SUBNET,
      private_service_connection: {
        name: "acmeprodacr-registry",
        private_connection_resource_id: expect.stringMatching(
          /^\$\{azurerm_container_registry\.Acr_Registry_[0-9A-F]{8}\.id\}$/,
        ),
        subresource_names: ["registry"],
        is_manual_connection: false,
      },
      private_dns_zone_group: { name: "registry", private_dns_zone_ids: [ZONE] },
    });
  });

  it("grants AcrPull on the registry to each kubelet identity, keyed by its label", () => {
    const s = Testing.synthScope((scope) => {
      const green = new UserAssignedIdentity(scope, "GreenKubelet", {
        name: "green-kubelet",
        resourceGroupName: "acme-prod",
        location: "westeurope",
      });
      new AzureContainerRegistry(scope, "Acr", {
        ...props,
        kubeletObjectIds: { Blue: KUBELET, Green: green.principalId },
      });
    });
    expect(logicalIds(s, "azurerm_role_assignment")).toEqual(["Acr_AcrPullBlue", "Acr_AcrPullGreen"]);
    expect(resourceById(s, "azurerm_role_assignment", "Acr_AcrPullBlue")).toEqual({
      scope: expect.stringMatching(/^\$\{azurerm_container_registry\.Acr_Registry_[0-9A-F]{8}\.id\}$/),
      role_definition_name: "AcrPull",
      principal_id: KUBELET,
      principal_type: "ServicePrincipal",
      skip_service_principal_aad_check: true,
      description: "Blue kubelet pulls images from acmeprodacr",
    });
    expect(resourceById(s, "azurerm_role_assignment", "Acr_AcrPullGreen").principal_id).toMatch(
      /^\$\{azurerm_user_assigned_identity\.GreenKubelet\.principal_id\}$/,
    );
  });

  it("leaves Defender for Containers alone unless asked: it is subscription-wide", () => {
    expect(resourcesOf(out, "azurerm_security_center_subscription_pricing")).toEqual({});
  });

  it("turns on Defender for Containers with registry vulnerability assessment when asked", () => {
    const on = synth({ defenderForContainers: true });
    expect(
      resourceById(on, "azurerm_security_center_subscription_pricing", "Acr_DefenderForContainers"),
    ).toEqual({
      tier: "Standard",
      resource_type: "Containers",
      extension: [{ name: "ContainerRegistriesVulnerabilityAssessments" }],
    });
    const more = synth({
      defenderForContainers: true,
      defenderExtensions: ["ContainerRegistriesVulnerabilityAssessments", "AgentlessDiscoveryForKubernetes"],
    });
    expect(
      resourceById(more, "azurerm_security_center_subscription_pricing", "Acr_DefenderForContainers")
        .extension,
    ).toEqual([
      { name: "ContainerRegistriesVulnerabilityAssessments" },
      { name: "AgentlessDiscoveryForKubernetes" },
    ]);
  });

  it("protects a production registry with prevent_destroy and a CanNotDelete lock", () => {
    expect(registryOf(out).lifecycle).toEqual({ prevent_destroy: true });
    expect(resourceById(out, "azurerm_management_lock", "Acr_DeleteLock")).toEqual({
      name: "acmeprodacr-no-delete",
      scope: expect.stringMatching(/^\$\{azurerm_container_registry\.Acr_Registry_[0-9A-F]{8}\.id\}$/),
      lock_level: "CanNotDelete",
      notes: "Production container registry: remove this lock deliberately before any delete.",
    });
  });

  it("adds neither outside production, and prevent_destroy alone when asked", () => {
    const dev = synth({ production: false });
    expect(registryOf(dev).lifecycle).toBeUndefined();
    expect(resourcesOf(dev, "azurerm_management_lock")).toEqual({});
    expect(registryOf(synth({ production: false, preventDestroy: true })).lifecycle).toEqual({
      prevent_destroy: true,
    });
  });

  it("exposes resolved defaults, the login server and service repositories", () => {
    const s = Testing.synthScope((scope) => {
      const acr = new AzureContainerRegistry(scope, "Acr", { ...props, production: false });
      expect(acr).toMatchObject({
        untaggedRetentionDays: 14,
        quarantinePolicyEnabled: false,
        defenderForContainers: false,
        defenderExtensions: ["ContainerRegistriesVulnerabilityAssessments"],
        preventDestroy: false,
        deleteLock: false,
      });
      new TerraformOutput(scope, "Image", { value: acr.repositoryUrl("user-service") });
    });
    expect((JSON.parse(s) as { output: Record<string, { value: string }> }).output.Image!.value).toMatch(
      /^\$\{azurerm_container_registry\.Acr_Registry_[0-9A-F]{8}\.login_server\}\/user-service$/,
    );
  });

  describe("validation", () => {
    it.each<[string, Partial<AzureContainerRegistryProps>, string, unknown, string]>([
      [
        "a name with a dash",
        { name: "acme-prod" },
        "name",
        "acme-prod",
        "5 to 50 letters and digits (no dashes)",
      ],
      [
        "a name under 5 characters",
        { name: "acme" },
        "name",
        "acme",
        "5 to 50 letters and digits (no dashes)",
      ],
      [
        "a name over 50 characters",
        { name: "a".repeat(51) },
        "name",
        "a".repeat(51),
        "5 to 50 letters and digits (no dashes)",
      ],
      [
        "a display-name location",
        { location: "West Europe" },
        "location",
        "West Europe",
        "an Azure region name such as westeurope",
      ],
      [
        "an empty DR location",
        { drLocation: "" },
        "drLocation",
        "",
        "an Azure region name such as westeurope",
      ],
      [
        "a DR location equal to the home location",
        { drLocation: "westeurope" },
        "drLocation",
        "westeurope",
        "a region other than location (westeurope)",
      ],
      [
        "a subnet that is not a resource id",
        { privateEndpointSubnetId: "endpoints" },
        "privateEndpointSubnetId",
        "endpoints",
        "an Azure resource id (or a reference)",
      ],
      [
        "a private DNS zone other than privatelink.azurecr.io",
        {
          privateDnsZoneId: `${SUB}/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`,
        },
        "privateDnsZoneId",
        `${SUB}/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`,
        "an Azure resource id ending in /privateDnsZones/privatelink.azurecr.io (or a reference)",
      ],
      [
        "a label that is not PascalCase",
        { kubeletObjectIds: { "blue-cluster": KUBELET } },
        "kubeletObjectIds.blue-cluster",
        "blue-cluster",
        "a PascalCase label such as Blue",
      ],
      [
        "an object id that is not a UUID",
        { kubeletObjectIds: { Blue: "kubelet" } },
        "kubeletObjectIds.Blue",
        "kubelet",
        "a UUID (or a reference)",
      ],
      ["zero retention days", { untaggedRetentionDays: 0 }, "untaggedRetentionDays", 0, "an integer 1..365"],
      [
        "a retention beyond a year",
        { untaggedRetentionDays: 366 },
        "untaggedRetentionDays",
        366,
        "an integer 1..365",
      ],
      [
        "Defender extensions without registry vulnerability assessment",
        { defenderExtensions: ["ContainerSensor"] },
        "defenderExtensions",
        ["ContainerSensor"],
        "extensions of ContainerRegistriesVulnerabilityAssessments, AgentlessDiscoveryForKubernetes, ContainerSensor, ContainerIntegrityContribution, ContainerRegistriesVulnerabilityAssessments among them",
      ],
      [
        "an unknown Defender extension",
        {
          defenderExtensions: [
            "ContainerRegistriesVulnerabilityAssessments",
            "AgentlessVmScanning" as "ContainerSensor",
          ],
        },
        "defenderExtensions",
        ["ContainerRegistriesVulnerabilityAssessments", "AgentlessVmScanning"],
        "extensions of ContainerRegistriesVulnerabilityAssessments, AgentlessDiscoveryForKubernetes, ContainerSensor, ContainerIntegrityContribution, ContainerRegistriesVulnerabilityAssessments among them",
      ],
    ])("rejects %s", (_case, overrides, field, value, allowed) => {
      expect(errorOf(() => synth(overrides))).toContain(problem(field, value, allowed));
    });

    it("accepts references for the subnet, the zone and the object ids", () => {
      const s = Testing.synthScope((scope) => {
        const id = new UserAssignedIdentity(scope, "Kubelet", {
          name: "kubelet",
          resourceGroupName: "acme-prod",
          location: "westeurope",
        });
        new AzureContainerRegistry(scope, "Acr", {
          ...props,
          privateEndpointSubnetId: id.id,
          privateDnsZoneId: id.id,
          kubeletObjectIds: { Blue: id.principalId },
        });
      });
      expect(Object.keys(resourcesOf(s, "azurerm_container_registry"))).toHaveLength(1);
    });

    it("names the fix in each message", () => {
      expect(errorOf(() => synth({ drLocation: "westeurope" }))).toContain(
        "hint: the geo-replica is the DR copy: put it in the paired region",
      );
    });

    it("reports every problem at once", () => {
      expect(
        errorOf(() =>
          synth({ name: "a-b", kubeletObjectIds: { "blue-cluster": KUBELET }, untaggedRetentionDays: 0 }),
        ),
      ).toMatch(/^AzureContainerRegistry .*Acr: 3 invalid prop\(s\)/);
    });
  });
});

describe("AzureContainerRegistry for clusters in other stacks", () => {
  it("grants no pull itself when the clusters grant themselves", () => {
    const out = Testing.synthScope(
      (scope) => new AzureContainerRegistry(scope, "Registry", { ...props, kubeletObjectIds: undefined }),
    );
    expect(resourcesOf(out, "azurerm_role_assignment")).toEqual({});
  });
});
