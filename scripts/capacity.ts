/**
 * `npm run capacity`: what each environment's reserved share (`reservedPercent`) represents. Savings
 * Plans and Reserved Instances are purchases that Terraform does not make; this report says how much
 * steady on-demand capacity to buy them for, per environment, from the node groups' desired sizes.
 * Reads the environment files only; no synth.
 *
 *   npm run capacity [-- --environments <dir>]
 */
import { parseArgs } from "node:util";
import { splitCapacity } from "../constructs/aws/eks-capacity";
import { ENI_LIMITS } from "../constructs/aws/eni-limits";
import { COLORS, loadEnvironments } from "../environments/load";
import type { Environment } from "../environments/schema";

export interface CapacityLine {
  readonly environment: string;
  /** Clusters the environment runs at rest: both colors in production, where one is idle and warm. */
  readonly clusters: number;
  readonly group: "system" | "application";
  readonly instanceType: string;
  /** Desired nodes per cluster. */
  readonly nodes: number;
  readonly spotNodes: number;
  /** Nodes per cluster the reservations cover. */
  readonly reservedNodes: number;
  readonly reservedVcpus: number;
  readonly reservedMemoryGiB: number;
}

/**
 * Per environment and node group, the reserved share of the desired capacity of one cluster:
 * `reservedPercent` of the application nodes, never more than the on-demand ones. System nodes are
 * on demand and always on; they are listed as candidates, outside `reservedPercent`. Production counts one color:
 * the other is warm for rollback and torn down after a switch, so reserving it would buy idle capacity.
 */
export function capacityOf(env: Environment): CapacityLine[] {
  // Reserved capacity is bought for the AWS clusters; AKS's is not modelled.
  if (!env.aws) return [];
  const app = env.aws.kubernetes.applicationNodeGroup;
  const system = env.aws.kubernetes.systemNodeGroup;
  const clusters = env.tier === "production" ? COLORS.length : 1;
  const line = (
    group: CapacityLine["group"],
    instanceType: string,
    nodes: number,
    spotNodes: number,
    reservedNodes: number,
  ): CapacityLine => {
    const limits = ENI_LIMITS[instanceType];
    if (!limits) throw new Error(`${env.name}: no vCPU and memory figures for ${instanceType}`);
    return {
      environment: env.name,
      clusters,
      group,
      instanceType,
      nodes,
      spotNodes,
      reservedNodes,
      reservedVcpus: reservedNodes * limits.vcpus,
      reservedMemoryGiB: reservedNodes * limits.memoryGiB,
    };
  };
  // The same split the node groups get (constructs/aws/eks-capacity.ts); reservations cover on-demand nodes only.
  const split = splitCapacity(app, app.spotPercent);
  const appSpot = split.spot?.desiredSize ?? 0;
  const onDemand = split.onDemand?.desiredSize ?? 0;
  const appReserved = Math.min(onDemand, Math.round((app.desiredSize * app.reservedPercent) / 100));
  return [
    line("system", system.instanceType, system.desiredSize, 0, 0),
    line("application", app.instanceType, app.desiredSize, appSpot, appReserved),
  ];
}

export function renderCapacity(lines: readonly CapacityLine[]): string {
  const header = "environment  group        type        nodes  spot  reserved  vCPU  memory GiB";
  const rows = lines.map((l) =>
    [
      l.environment.padEnd(12),
      l.group.padEnd(12),
      l.instanceType.padEnd(11),
      String(l.nodes).padStart(5),
      String(l.spotNodes).padStart(5),
      String(l.reservedNodes).padStart(9),
      String(l.reservedVcpus).padStart(5),
      String(l.reservedMemoryGiB).padStart(11),
    ].join(" "),
  );
  const totals = new Map<string, { vcpus: number; memory: number }>();
  for (const l of lines) {
    const t = totals.get(l.environment) ?? { vcpus: 0, memory: 0 };
    totals.set(l.environment, { vcpus: t.vcpus + l.reservedVcpus, memory: t.memory + l.reservedMemoryGiB });
  }
  const summary = [...totals].map(
    ([name, t]) => `${name}: reserve ${t.vcpus} vCPU and ${t.memory} GiB of steady on-demand capacity`,
  );
  return [
    header,
    ...rows,
    "",
    ...summary,
    "Per cluster; production counts one color (the idle color is warm for rollback, then removed).",
    "System nodes run on demand around the clock: reservation candidates too, outside reservedPercent.",
    "Savings Plans and Reserved Instances are purchases, made outside Terraform.",
  ].join("\n");
}

if (require.main === module) {
  const { values } = parseArgs({ options: { environments: { type: "string" } } });
  console.log(renderCapacity(loadEnvironments(values.environments).flatMap(capacityOf)));
}
