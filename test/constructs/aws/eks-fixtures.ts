/** Shared inputs for the EKS tests: a real {@link Network} and cluster props from the environment files. */
import { EksCluster, type EksClusterProps } from "../../../constructs/aws/eks-cluster";
import { Network, type NetworkProps } from "../../../constructs/aws/network";
import { type Construct, Testing } from "../../../constructs/core";
import devJson from "../../../environments/dev.json";
import prodJson from "../../../environments/prod.json";
import { type Environment, EnvironmentSchema } from "../../../environments/schema";

export const dev: Environment = EnvironmentSchema.parse(devJson);
export const prod: Environment = EnvironmentSchema.parse(prodJson);

/** The real network construct with dev.json's values. */
export function devNetwork(scope: Construct, overrides: Partial<NetworkProps> = {}): Network {
  return new Network(scope, "Network", {
    name: dev.name,
    region: dev.aws!.region,
    vpcCidr: dev.aws!.network.vpcCidr,
    availabilityZones: dev.aws!.availabilityZones,
    publicSubnetCidrs: dev.aws!.network.publicSubnetCidrs,
    privateSubnetCidrs: dev.aws!.network.privateSubnetCidrs,
    databaseSubnetCidrs: dev.aws!.network.databaseSubnetCidrs,
    natGateways: dev.aws!.network.natGateways,
    ...overrides,
  });
}

export type EksOverrides = Partial<Omit<EksClusterProps, "network">>;

/** Cluster props as the stacks map them from an environment, plus overrides. */
export function eksProps(env: Environment, network: Network, overrides: EksOverrides = {}): EksClusterProps {
  return {
    name: env.name,
    region: env.aws!.region,
    version: env.aws!.kubernetes.version,
    network,
    publicEndpointCidrs: env.aws!.kubernetes.publicEndpointCidrs,
    systemNodeGroup: env.aws!.kubernetes.systemNodeGroup,
    applicationNodeGroup: env.aws!.kubernetes.applicationNodeGroup,
    ...overrides,
  };
}

/** Synthesizes a dev network plus a cluster configured from `env`. */
export function synthEks(env: Environment, overrides: EksOverrides = {}): string {
  return Testing.synthScope((scope) => {
    new EksCluster(scope, "Eks", eksProps(env, devNetwork(scope), overrides));
  });
}

/** The one resource of `type` whose logical name contains `part`. */
export function oneOf(synthesized: string, kind: "resource" | "data", type: string, part: string) {
  const doc = JSON.parse(synthesized) as Record<
    string,
    Record<string, Record<string, Record<string, unknown>>>
  >;
  const matches = Object.entries(doc[kind]?.[type] ?? {}).filter(([k]) => k.includes(part));
  if (matches.length !== 1) throw new Error(`expected one ${type} named *${part}*, found ${matches.length}`);
  return matches[0]![1];
}

export { dataSourcesOf as dataOf } from "../../helpers";
