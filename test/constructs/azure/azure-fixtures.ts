/**
 * Fixtures for the Azure data-store tests: the ids the network would hand over, a synth helper that
 * adds outputs to read tokens back, and the policy run over a synthesized scope.
 */
import { type Construct, TerraformOutput, Testing } from "../../../constructs/core";
import { evaluate } from "../../../policy/engine.js";
import { loadRules } from "../../../policy/registry.js";
import type { StackDoc, Tier } from "../../../policy/types.js";
import { resourcesOf } from "../../helpers";

const SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000000";
const NETWORK_RG = `${SUBSCRIPTION}/resourceGroups/acme-dev-network`;

/** What the network construct exposes, as literal ids. */
export const NETWORK = {
  resourceGroupName: "acme-dev-data",
  location: "westeurope",
  postgresSubnetId: `${NETWORK_RG}/providers/Microsoft.Network/virtualNetworks/acme-dev/subnets/postgres`,
  postgresDnsZoneId: `${NETWORK_RG}/providers/Microsoft.Network/privateDnsZones/acme-dev.postgres.database.azure.com`,
  endpointsSubnetId: `${NETWORK_RG}/providers/Microsoft.Network/virtualNetworks/acme-dev/subnets/endpoints`,
  redisDnsZoneId: `${NETWORK_RG}/providers/Microsoft.Network/privateDnsZones/privatelink.redis.azure.net`,
} as const;

export const TENANT_ID = "11111111-2222-3333-4444-555555555555";
export const ADMIN_GROUP_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
export const APP_IDENTITY_ID = "99999999-8888-7777-6666-555555555555";

/** Synthesizes `build` in a fresh scope and adds an output per entry it returns. */
export function synthWith(build: (scope: Construct) => Record<string, unknown> | undefined): string {
  return Testing.synthScope((scope) => {
    const outputs = build(scope) ?? {};
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

/** `"<rule> <address>: <message>"` for every finding of every policy rule on a synthesized scope. */
export async function policyFindings(out: string, tier: Tier): Promise<string[]> {
  const rules = await loadRules();
  const findings = evaluate("test", JSON.parse(out) as StackDoc, { stack: "test", tier }, rules, {
    waivers: [],
  });
  return findings.map((f) => `${f.ruleId} ${f.address}: ${f.message}`);
}

export {
  errorOf,
  logicalIds as idsOf,
  problem,
  resourceById as byId,
} from "../../helpers";
