import { Network } from "../constructs/aws/network";
import type { Construct } from "../constructs/core";
import type { AwsEnvironment } from "../environments/schema";

/** Maps an environment's network settings onto the Network construct. */
export function networkOf(scope: Construct, env: AwsEnvironment, preventDestroy: boolean): Network {
  return new Network(scope, "Network", {
    name: env.name,
    region: env.aws.region,
    availabilityZones: env.aws.availabilityZones,
    preventDestroy,
    ...env.aws.network,
  });
}
