/**
 * Fixtures for the data-store tests (PostgreSQL, Redis): the real `Network` built from
 * environments/dev.json, a cluster-node security group to allow, and readers over synthesized JSON.
 */
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Network } from "../../../constructs/aws/network";
import { type Construct, TerraformOutput, Testing } from "../../../constructs/core";
import devJson from "../../../environments/dev.json";
import { EnvironmentSchema } from "../../../environments/schema";
import { type Attrs, resourcesOf } from "../../helpers";

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
    region: dev.aws.region,
    vpcCidr: dev.network.vpcCidr,
    availabilityZones: dev.aws.availabilityZones,
    publicSubnetCidrs: dev.network.publicSubnetCidrs,
    privateSubnetCidrs: dev.network.privateSubnetCidrs,
    databaseSubnetCidrs: dev.network.databaseSubnetCidrs,
    natGateways: dev.network.natGateways,
    flowLogRetentionDays: dev.network.flowLogRetentionDays,
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

/** Logical names of one resource type with the 8-hex hash suffix removed, sorted. */
export function idsOf(out: string, type: string): string[] {
  return Object.keys(resourcesOf(out, type))
    .map((k) => k.replace(/_[0-9A-F]{8}$/, ""))
    .sort();
}

/** The one resource of `type` whose logical name (hash removed) is exactly `id`. */
export function byId(out: string, type: string, id: string): Attrs {
  const match = Object.entries(resourcesOf(out, type)).find(([k]) => k.replace(/_[0-9A-F]{8}$/, "") === id);
  if (!match) throw new Error(`no ${type} named ${id}; have ${idsOf(out, type).join(", ")}`);
  return match[1];
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

/** Data sources of one type, keyed by logical name. */
export function dataOf(out: string, type: string): Record<string, Attrs> {
  const doc = JSON.parse(out) as { data?: Record<string, Record<string, Attrs>> };
  return doc.data?.[type] ?? {};
}

/** Statements of the policy document that a `${data.aws_iam_policy_document.X.json}` reference names. */
export function statementsOf(out: string, jsonRef: unknown): Attrs[] {
  const name = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(String(jsonRef))?.[1];
  if (!name) throw new Error(`not a policy document reference: ${String(jsonRef)}`);
  return dataOf(out, "aws_iam_policy_document")[name]!.statement as Attrs[];
}

/** The message a construction throws; fails the test when it does not throw. */
export function errorOf(build: () => unknown): string {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected construction to throw");
}

/** The line a `Validator` writes for one problem, without the hint. */
export function problem(field: string, value: unknown, allowed: string): string {
  return `${field}: got ${JSON.stringify(value)}; allowed: ${allowed}`;
}
