/**
 * A cloud-neutral stand-in for a cluster, for the platform's unit tests: its add-ons are one release
 * the gateway must wait for, with one annotation, and it records what the platform asks of it.
 */
import { Release } from "@cdktf/provider-helm/lib/release";
import type { Construct, TerraformResource } from "../../../constructs/core";
import type { DnsPublication, IKubernetesCluster, PlatformAddOns } from "../../../constructs/interfaces";

export interface FakeCluster extends IKubernetesCluster {
  readonly published: DnsPublication[];
  readonly settled: Construct[];
}

export function fakeCluster(options: { readonly dns?: boolean } = {}): FakeCluster {
  const published: DnsPublication[] = [];
  const settled: Construct[] = [];
  const ready: TerraformResource[] = [];
  return {
    clusterName: "fake",
    connection: {
      host: "https://fake.example",
      clusterCaCertificate: "-----BEGIN CERTIFICATE-----",
      exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "true", args: [] },
    },
    ready,
    storageClassName: "fake-ssd",
    workloadTolerations: [],
    published,
    settled,
    workloadIdentity: () => ({
      serviceAccountAnnotations: { "fake.example/identity": "id" },
      podLabels: {},
      ready: [],
    }),
    installAddOns(scope: Construct): PlatformAddOns {
      const lb = new Release(scope, "FakeLoadBalancer", { name: "fake-load-balancer", chart: "lb" });
      return { gatewayDependsOn: [lb], gatewayServiceAnnotations: { "fake.example/lb": "external" } };
    },
    ...(options.dns === false
      ? {}
      : {
          publishDns(_scope: Construct, dns: DnsPublication) {
            published.push(dns);
          },
        }),
    allowControlPlaneTo: () => undefined,
    fitSystemPods: () => undefined,
    settle(scope: Construct) {
      settled.push(scope);
    },
  };
}
