/**
 * Node counts shared by both clouds' clusters: the config shape, the on-demand/spot split of the
 * application capacity (so a `spotPercent` means the same node counts on EKS and AKS), and the
 * min <= desired <= max check. Cloud-neutral: it imports no cloud folder.
 */
import type { Validator } from "./validation";

/** Minimum, desired and maximum node counts of one group. */
export interface NodeCount {
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
}

/** The two application groups; a group is absent when its maximum is 0. */
export interface CapacitySplit {
  readonly onDemand?: NodeCount;
  readonly spot?: NodeCount;
}

/**
 * Splits each of min, desired and max by `spotPercent`: spot gets `round(n * spotPercent / 100)`, on
 * demand the rest, so the totals are preserved. Below 100% on demand keeps at least one node of any
 * non-zero count. The split is monotonic, so min <= desired <= max holds within each group.
 */
export function splitCapacity(total: NodeCount, spotPercent: number): CapacitySplit {
  const spotOf = (n: number) => {
    const spot = Math.round((n * spotPercent) / 100);
    return spotPercent < 100 && n >= 1 ? Math.min(spot, n - 1) : spot;
  };
  const spot: NodeCount = {
    minSize: spotOf(total.minSize),
    desiredSize: spotOf(total.desiredSize),
    maxSize: spotOf(total.maxSize),
  };
  const onDemand: NodeCount = {
    minSize: total.minSize - spot.minSize,
    desiredSize: total.desiredSize - spot.desiredSize,
    maxSize: total.maxSize - spot.maxSize,
  };
  return {
    onDemand: onDemand.maxSize >= 1 ? onDemand : undefined,
    spot: spot.maxSize >= 1 ? spot : undefined,
  };
}

/** Records a problem when min > max, or desired lies outside min..max, under `<group>.*`. */
export function checkNodeCountOrder(v: Validator, group: string, g: NodeCount, noun: "group" | "pool"): void {
  if (g.minSize > g.maxSize) {
    v.check(
      false,
      `${group}.minSize`,
      g.minSize,
      `at most maxSize (${g.maxSize})`,
      "lower minSize or raise maxSize",
    );
  } else {
    v.check(
      g.minSize <= g.desiredSize && g.desiredSize <= g.maxSize,
      `${group}.desiredSize`,
      g.desiredSize,
      `between minSize and maxSize (${g.minSize}..${g.maxSize})`,
      `set desiredSize within the ${noun}'s bounds`,
    );
  }
}
