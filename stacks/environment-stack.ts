import type { Construct } from "../constructs/core";
import { TerraformOutput } from "../constructs/core";
import { dataTierOf } from "./data-tier";
import { networkOf } from "./network-of";
import { PlatformStack, type PlatformStackProps } from "./platform-stack";

/** A self-contained environment (`dev`, `staging`): network, compute and data in one stack. */
export class EnvironmentStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props);
    const network = networkOf(this, props.env, this.protectsData);
    dataTierOf(this, props.env, network, this.protectsData);
    new TerraformOutput(this, "VpcId", { value: network.networkId });
  }
}
