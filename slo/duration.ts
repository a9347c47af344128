/** Prometheus duration strings (`5m`, `1h30m`) as used in rule `for:` fields and range selectors. */

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
  y: 31_536_000,
};

/** Matches a Prometheus duration: one or more `<integer><unit>` parts, largest unit first. */
export const DURATION_PATTERN = /^(\d+(ms|s|m|h|d|w|y))+$/;

/** Seconds in a Prometheus duration string. Throws on a malformed duration. */
export function durationSeconds(duration: string): number {
  if (!DURATION_PATTERN.test(duration))
    throw new Error(`not a Prometheus duration: ${JSON.stringify(duration)}`);
  let total = 0;
  for (const part of duration.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) {
    total += Number(part[1]) * UNIT_SECONDS[part[2]!]!;
  }
  return total;
}
