import type { Construct } from "../constructs/core";
import { TerraformOutput } from "../constructs/core";
import { waitForCluster } from "../constructs/k8s/wait-for-cluster";
import { clusterOf } from "./cluster-of";
import { dataTierOf } from "./data-tier";
import { networkOf } from "./network-of";
import { platformOf } from "./platform-of";
import { PlatformStack, type PlatformStackProps } from "./platform-stack";

/** A self-contained environment (`dev`, `staging`): network, compute and data in one stack. */
export class EnvironmentStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props);
    const network = networkOf(this, props.env, this.protectsData);
    const data = dataTierOf(this, props.env, network, this.protectsData);
    const cluster = clusterOf(this, props.env, id, network, data.clients.securityGroupId, this.protectsData);
    platformOf(this, {
      env: props.env,
      stackName: id,
      cluster,
      network,
      database: data.database,
      hosts: props.env.platform.ingressHosts,
    });
    waitForCluster(this, cluster.ready, cluster.beforeNodes);
    new TerraformOutput(this, "ClusterName", { value: cluster.clusterName });
    new TerraformOutput(this, "VpcId", { value: network.networkId });
  }
}
