/**
 * Node-group sizing for {@link EksCluster}: the config shapes, the on-demand/spot split of the
 * application capacity, and the checks both the cluster and the node groups run.
 */
import { type CapacitySplit, checkNodeCountOrder, type NodeCount, splitCapacity } from "../capacity";
import type { Validator } from "../validation";

export type { CapacitySplit, NodeCount };
export { splitCapacity };

/** The system node group: critical add-ons only (tainted `CriticalAddonsOnly`), on-demand. */
export interface SystemNodeGroupConfig extends NodeCount {
  /** EC2 instance type (x86_64), e.g. `t3.medium`. */
  readonly instanceType: string;
}

/** Application capacity, split into an on-demand and a spot managed node group. */
export interface ApplicationNodeGroupConfig extends NodeCount {
  /** On-demand instance type (x86_64), e.g. `t3.large`. */
  readonly instanceType: string;
  /** Share of min, desired and max nodes on spot, 0 to 100. */
  readonly spotPercent: number;
  /** Types the spot group draws from; same vCPU and memory as each other, so the autoscaler's sizing holds. */
  readonly spotInstanceTypes: readonly string[];
}

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
/** Graviton families carry a `g` after the generation digit: t4g, m7g, c7gn, r6gd. */
const GRAVITON = /^[a-z]+\d+[a-z-]*g[a-z-]*\./;

function checkInstanceType(v: Validator, field: string, value: string): void {
  v.check(
    INSTANCE_TYPE.test(value) && !GRAVITON.test(value),
    field,
    value,
    "an x86_64 EC2 instance type such as t3.large (the node AMI is AL2023_x86_64_STANDARD)",
    "pick an Intel or AMD type; Graviton (…g) types need an arm64 AMI",
  );
}

function checkCounts(v: Validator, group: string, g: NodeCount): void {
  const ints = [g.minSize, g.desiredSize, g.maxSize].every((n) => Number.isInteger(n) && n >= 0);
  v.check(
    ints && g.maxSize >= 1,
    `${group}.maxSize`,
    g.maxSize,
    "an integer of at least 1 (with non-negative integer min and desired)",
    "a managed node group needs room for one node",
  );
  checkNodeCountOrder(v, group, g, "group");
}

/** gp3 root volumes: the AL2023 EKS AMI needs 20 GiB; gp3 goes up to 16 TiB. */
export const NODE_ROOT_VOLUME_GIB = { min: 20, max: 16384 } as const;

/**
 * Records every problem with the node-group settings, under `systemNodeGroup.*`,
 * `applicationNodeGroup.*` and `nodeRootVolumeSizeGiB`.
 */
export function checkNodeGroups(
  v: Validator,
  system: SystemNodeGroupConfig,
  app: ApplicationNodeGroupConfig,
  rootVolumeSizeGiB: number,
): void {
  v.check(
    Number.isInteger(rootVolumeSizeGiB) &&
      rootVolumeSizeGiB >= NODE_ROOT_VOLUME_GIB.min &&
      rootVolumeSizeGiB <= NODE_ROOT_VOLUME_GIB.max,
    "nodeRootVolumeSizeGiB",
    rootVolumeSizeGiB,
    `an integer ${NODE_ROOT_VOLUME_GIB.min}..${NODE_ROOT_VOLUME_GIB.max}`,
    "images and logs live on the root volume; 50 GiB suits most nodes",
  );
  checkInstanceType(v, "systemNodeGroup.instanceType", system.instanceType);
  checkCounts(v, "systemNodeGroup", system);
  v.check(
    system.minSize >= 1,
    "systemNodeGroup.minSize",
    system.minSize,
    "at least 1",
    "CoreDNS and the other critical add-ons need a node to run on",
  );
  checkInstanceType(v, "applicationNodeGroup.instanceType", app.instanceType);
  checkCounts(v, "applicationNodeGroup", app);
  v.check(
    Number.isFinite(app.spotPercent) && app.spotPercent >= 0 && app.spotPercent <= 100,
    "applicationNodeGroup.spotPercent",
    app.spotPercent,
    "a number 0..100",
    "0 keeps all application nodes on demand; 100 puts them all on spot",
  );
  v.check(
    app.spotPercent === 0 || app.spotInstanceTypes.length > 0,
    "applicationNodeGroup.spotInstanceTypes",
    app.spotInstanceTypes,
    "at least one instance type when spotPercent > 0",
    "list several types of the same size, e.g. t3.large, t3a.large, m5.large",
  );
  app.spotInstanceTypes.forEach((t, i) => {
    checkInstanceType(v, `applicationNodeGroup.spotInstanceTypes[${i}]`, t);
  });
}
