import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import type { Construct } from "../constructs/core";
import { TerraformOutput } from "../constructs/core";
import type { IContainerRegistry } from "../constructs/interfaces";
import { clusterOf } from "./cluster-of";
import { dataTierOf } from "./data-tier";
import { networkOf } from "./network-of";
import { platformOf } from "./platform-of";
import { PlatformStack, type PlatformStackProps } from "./platform-stack";
import { serviceHostsOf } from "./service-of";

export interface EnvironmentStackProps extends PlatformStackProps {
  /** The environment's registry, in its own stack applied (and pushed to) first (`<env>-registry`). */
  readonly registry: IContainerRegistry;
}

/**
 * A self-contained environment (`dev`, `staging`): network, compute and data in one stack; its
 * registry is `<env>-registry`.
 */
export class EnvironmentStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id, props);
    const network = networkOf(this, props.env, this.protectsData);
    const data = dataTierOf(this, props.env, network, this.protectsData);
    const cluster = clusterOf(this, props.env, id, network, data.clients.securityGroupId, this.protectsData);
    const hosts = serviceHostsOf(props.env);
    const dns = props.env.aws.dns && this.zone(props.env.aws.dns.zoneName, hosts);
    platformOf(this, {
      env: props.env,
      stackName: id,
      specs: props.specs,
      registry: props.registry,
      cluster,
      database: data.database,
      dns,
    });
    new TerraformOutput(this, "ClusterName", { value: cluster.clusterName });
    new TerraformOutput(this, "VpcId", { value: network.networkId });
  }

  /**
   * The environment's public zone; ExternalDNS publishes every ingress host in it, at the gateway's
   * load balancer. Its name servers are an output, for the NS delegation in the parent zone.
   */
  private zone(zoneName: string, hosts: readonly string[]) {
    const zone = new Route53Zone(this, "Zone", {
      name: zoneName,
      comment: `${this.env.name} public zone; ExternalDNS publishes the ingress hosts`,
      lifecycle: { preventDestroy: this.protectsData },
    });
    new TerraformOutput(this, "ZoneNameServers", { value: zone.nameServers });
    return { zoneName, zoneId: zone.zoneId, recordName: hosts.join(",") };
  }
}
