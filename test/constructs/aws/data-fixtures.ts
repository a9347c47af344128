/**
 * Fixtures for the data-store tests (PostgreSQL, Redis): the real `Network` built from
 * environments/dev.json, a cluster-node security group to allow, and readers over synthesized JSON.
 */
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Network } from "../../../constructs/aws/network";
import { type Construct, TerraformOutput, Testing } from "../../../constructs/core";
import devJson from "../../../environments/dev.json";
import { EnvironmentSchema } from "../../../environments/schema";
import { resourcesOf } from "../../helpers";

/** environments/dev.json, parsed through the schema. */
export const dev = EnvironmentSchema.parse(devJson);

/** What a data-store test gets to build its construct with. */
export interface DataScope {
  readonly scope: Construct;
  readonly network: Network;
  /** `{ ClusterNodes: <token of a security group> }`, as the stacks pass the EKS node group. */
  readonly allowed: Record<string, string>;
}

/** The dev network and a cluster-node security group in a fresh scope. */
export function dataScope(scope: Construct): DataScope {
  const network = new Network(scope, "Network", {
    name: dev.name,
    region: dev.aws!.region,
    vpcCidr: dev.aws!.network.vpcCidr,
    availabilityZones: dev.aws!.availabilityZones,
    publicSubnetCidrs: dev.aws!.network.publicSubnetCidrs,
    privateSubnetCidrs: dev.aws!.network.privateSubnetCidrs,
    databaseSubnetCidrs: dev.aws!.network.databaseSubnetCidrs,
    natGateways: dev.aws!.network.natGateways,
    flowLogRetentionDays: dev.aws!.network.flowLogRetentionDays,
  });
  const nodes = new SecurityGroup(scope, "ClusterNodes", {
    namePrefix: "dev-nodes-",
    description: "stand-in for the EKS node security group",
    vpcId: network.networkId,
  });
  return { scope, network, allowed: { ClusterNodes: nodes.id } };
}

/** Synthesizes `build` in a dev scope and adds an output per entry it returns, to read tokens back. */
export function synthData(build: (d: DataScope) => Record<string, unknown> | undefined): string {
  return Testing.synthScope((scope) => {
    const outputs = build(dataScope(scope)) ?? {};
    for (const [name, value] of Object.entries(outputs)) new TerraformOutput(scope, name, { value });
  });
}

/** Output values of a synthesized scope, by output name. */
export function outputsOf(out: string): Record<string, unknown> {
  const doc = JSON.parse(out) as { output?: Record<string, { value: unknown }> };
  return Object.fromEntries(Object.entries(doc.output ?? {}).map(([k, v]) => [k, v.value]));
}

/** The full logical name (with hash) of the resource whose name without hash is `id`. */
export function keyOf(out: string, type: string, id: string): string {
  const key = Object.keys(resourcesOf(out, type)).find((k) => k.replace(/_[0-9A-F]{8}$/, "") === id);
  if (!key) throw new Error(`no ${type} named ${id}`);
  return key;
}

/** A `${type.name.attr}` reference to the resource `id`. */
export function refTo(out: string, type: string, id: string, attr: string): string {
  return `\${${type}.${keyOf(out, type, id)}.${attr}}`;
}

export {
  dataSourcesOf as dataOf,
  errorOf,
  logicalIds as idsOf,
  problem,
  resourceById as byId,
  statementsOf,
} from "../../helpers";
