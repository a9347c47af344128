/**
 * What an EKS cluster adds to the cloud-neutral platform: the AWS Load Balancer Controller (the
 * gateway's NLB), the cluster autoscaler with metrics-server, ExternalDNS on Route 53, and the waits
 * that EKS needs (the controller's Service webhook, the node groups and add-ons of `ready`).
 */
import type { Construct, TerraformResource } from "../core";
import type { DnsPublication, PlatformAddOns } from "../interfaces";
import { waitForCluster, waitForServiceWebhook } from "../k8s/wait-for-cluster";
import { ClusterAutoscaling } from "./cluster-autoscaling";
import type { EKS_VERSIONS } from "./limits";

type EksVersion = (typeof EKS_VERSIONS)[number];

import { ExternalDns, HOSTNAME_ANNOTATION } from "./external-dns";
import { LoadBalancerController } from "./load-balancer-controller";

/** The parts of an EKS cluster its add-ons need. */
export interface EksAddOnInputs {
  readonly clusterName: string;
  readonly region: string;
  readonly vpcId: string;
  readonly version: EksVersion;
  readonly clusterAutoscalerRoleArn: string;
  readonly loadBalancerControllerRoleArn: string;
  readonly oidcProviderArn: string;
  readonly oidcIssuerUrl: string;
}

/** The add-ons an EKS cluster installed, for `settle` to wait on. */
export interface InstalledEksAddOns extends PlatformAddOns {
  readonly loadBalancerController: LoadBalancerController;
  readonly autoscaling: ClusterAutoscaling;
}

/** Installs the load balancer controller and the autoscaling pair into `scope` (the platform). */
export function installEksAddOns(
  scope: Construct,
  cluster: EksAddOnInputs,
  options: { readonly dns?: DnsPublication },
): InstalledEksAddOns {
  const loadBalancerController = new LoadBalancerController(scope, "LoadBalancerController", {
    clusterName: cluster.clusterName,
    region: cluster.region,
    vpcId: cluster.vpcId,
    roleArn: cluster.loadBalancerControllerRoleArn,
  });
  const autoscaling = new ClusterAutoscaling(scope, "Autoscaling", {
    clusterName: cluster.clusterName,
    region: cluster.region,
    kubernetesVersion: cluster.version,
    roleArn: cluster.clusterAutoscalerRoleArn,
  });
  return {
    loadBalancerController,
    autoscaling,
    // The load balancer controller, not the in-tree controller, must own the gateway's NLB.
    gatewayDependsOn: [loadBalancerController.release.release],
    gatewayServiceAnnotations: options.dns ? { [HOSTNAME_ANNOTATION]: options.dns.recordName } : {},
    metricsServer: autoscaling.metricsServerRelease.release,
  };
}

/** ExternalDNS publishing the gateway's names in a Route 53 zone, with its own IRSA role. */
export function publishEksDns(scope: Construct, cluster: EksAddOnInputs, dns: DnsPublication): ExternalDns {
  return new ExternalDns(scope, "ExternalDns", {
    clusterName: cluster.clusterName,
    region: cluster.region,
    zoneName: dns.zoneName,
    zoneId: dns.zoneId,
    oidcProviderArn: cluster.oidcProviderArn,
    oidcIssuerUrl: cluster.oidcIssuerUrl,
  });
}

/**
 * The waits of an EKS cluster, once everything in `scope` is declared: the controller's Service
 * webhook (failurePolicy Fail) refuses every Service until it serves, and every in-cluster resource
 * waits for `ready` (node groups, CoreDNS, EBS CSI, the admin access, the control-plane rules),
 * except what the nodes themselves wait for.
 */
export function settleEks(
  scope: Construct,
  installed: InstalledEksAddOns | undefined,
  ready: readonly TerraformResource[],
  beforeNodes: readonly TerraformResource[],
): void {
  if (installed) waitForServiceWebhook(scope, installed.loadBalancerController.release.release, beforeNodes);
  waitForCluster(scope, ready, beforeNodes);
}
