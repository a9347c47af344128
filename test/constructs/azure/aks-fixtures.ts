/**
 * Shared inputs for the AKS tests: the VNet as the network construct would hand it over (literal ids),
 * cluster props for a production and a development environment, and readers over the synthesized JSON.
 */
import { AksCluster, type AksClusterProps } from "../../../constructs/azure/aks-cluster";
import { type Construct, Testing } from "../../../constructs/core";
import type { INetwork } from "../../../constructs/interfaces";
import { evaluate } from "../../../policy/engine.js";
import { loadRules } from "../../../policy/registry.js";
import type { StackDoc, Tier } from "../../../policy/types.js";
import { type Attrs, resourceById, resourcesOf } from "../../helpers";

const VNET =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-network/providers/Microsoft.Network/virtualNetworks/acme";

export const NETWORK: INetwork = {
  networkId: VNET,
  cidr: "10.20.0.0/16",
  publicSubnetIds: [],
  privateSubnetIds: [`${VNET}/subnets/nodes`],
  databaseSubnetIds: [`${VNET}/subnets/data`],
};

export const ADMIN_GROUP = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
export const BREAKGLASS_GROUP = "bbbbbbbb-cccc-dddd-eeee-ffffffffffff";

export type AksOverrides = Partial<AksClusterProps>;

/** Production: public API server for the office range, 70% spot, as prod.json sizes EKS. */
export function prodProps(overrides: AksOverrides = {}): AksClusterProps {
  return {
    name: "prod-blue",
    resourceGroupName: "acme-prod",
    location: "westeurope",
    kubernetesVersion: "1.35",
    network: NETWORK,
    production: true,
    authorizedIpRanges: ["203.0.113.0/28"],
    adminGroupObjectIds: [ADMIN_GROUP, BREAKGLASS_GROUP],
    systemPool: { vmSize: "Standard_D4ds_v5", minSize: 3, desiredSize: 3, maxSize: 5 },
    applicationPool: { vmSize: "Standard_D4ds_v5", minSize: 3, desiredSize: 3, maxSize: 20, spotPercent: 70 },
    tags: { environment: "prod" },
    ...overrides,
  };
}

/** Development: a private cluster reached from a runner subnet in the VNet, no spot. */
export function devProps(overrides: AksOverrides = {}): AksClusterProps {
  return {
    name: "dev",
    resourceGroupName: "acme-dev",
    location: "westeurope",
    kubernetesVersion: "1.35",
    network: NETWORK,
    privateDeployerCidrs: ["10.20.250.0/24"],
    adminGroupObjectIds: [ADMIN_GROUP],
    systemPool: { vmSize: "Standard_D2ds_v5", minSize: 2, desiredSize: 2, maxSize: 3 },
    applicationPool: { vmSize: "Standard_D4ds_v5", minSize: 2, desiredSize: 2, maxSize: 10, spotPercent: 0 },
    ...overrides,
  };
}

/** Synthesizes one cluster; `inspect` sees the construct. */
export function synthAks(
  props: AksClusterProps,
  inspect?: (c: AksCluster, scope: Construct) => void,
): string {
  return Testing.synthScope((scope) => {
    const cluster = new AksCluster(scope, "Aks", props);
    inspect?.(cluster, scope);
  });
}

/** The one resource of `type` named `id` (hash removed); its type-local logical names are prefixed by the path. */
export function one(out: string, type: string, id: string): Attrs {
  return resourceById(out, type, id);
}

/** Every resource of `type`, by logical name. */
export function all(out: string, type: string): Record<string, Attrs> {
  return resourcesOf(out, type);
}

/** `"<rule> <address>: <message>"` for every unwaived finding of the repo's policy rules. */
export async function policyFindings(out: string, tier: Tier): Promise<string[]> {
  const rules = await loadRules();
  return evaluate("test", JSON.parse(out) as StackDoc, { stack: "test", tier }, rules, { waivers: [] }).map(
    (f) => `${f.ruleId} ${f.address}: ${f.message}`,
  );
}
