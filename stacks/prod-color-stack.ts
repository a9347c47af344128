import { type Construct, TerraformOutput } from "../constructs/core";
import type { Color } from "../environments/schema";
import { clusterOf } from "./cluster-of";
import { platformOf } from "./platform-of";
import { PlatformStack, type PlatformStackProps } from "./platform-stack";
import type { ProdFoundationStack } from "./prod-foundation-stack";

export interface ProdColorStackProps extends PlatformStackProps {
  readonly color: Color;
  /** The prod foundation; its network and data arrive as cdktf cross-stack references. */
  readonly foundation: ProdFoundationStack;
}

/** One production color (`prod-blue`, `prod-green`): its own compute and workloads in the prod network. */
export class ProdColorStack extends PlatformStack {
  public readonly color: Color;

  constructor(scope: Construct, id: string, props: ProdColorStackProps) {
    super(scope, id, props);
    this.color = props.color;
    this.addDependency(props.foundation);
    const { network, data } = props.foundation;
    const cluster = clusterOf(this, props.env, id, network, data.clients.securityGroupId, true);
    const { liveHostname, zoneName, zoneId } = props.foundation;
    const colorHostname = `${props.color}.${zoneName}`;
    platformOf(this, {
      env: props.env,
      stackName: id,
      specs: props.specs,
      registry: props.foundation.registry,
      cluster,
      database: data.database,
      extraHosts: { [props.env.production!.hostnameService]: [liveHostname, colorHostname] },
      dns: { zoneName, zoneId, recordName: colorHostname },
    });
    new TerraformOutput(this, "ClusterName", { value: cluster.clusterName });
  }
}
