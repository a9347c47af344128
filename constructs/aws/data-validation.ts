/** Checks shared by the data-store constructs (PostgreSQL, Redis). Each records into a {@link Validator}. */
import type { Validator } from "../validation";

/** An integer in `min..max`. */
export function checkIntRange(
  v: Validator,
  field: string,
  value: number,
  min: number,
  max: number,
  hint: string,
): void {
  v.check(
    Number.isInteger(value) && value >= min && value <= max,
    field,
    value,
    `an integer ${min}..${max}`,
    hint,
  );
}

/** One of a fixed list of values. */
export function checkOneOf<T>(
  v: Validator,
  field: string,
  value: T,
  allowed: readonly T[],
  hint: string,
): void {
  v.check(allowed.includes(value), field, value, `one of ${allowed.join(", ")}`, hint);
}

/**
 * A resource name that RDS and ElastiCache both accept as an identifier: starts with a letter,
 * lower-case letters, digits and single dashes, no trailing dash.
 */
export function checkName(v: Validator, value: string, maxLength: number): void {
  v.check(
    /^[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]$/.test(value) && value.length <= maxLength,
    "name",
    value,
    `2..${maxLength} lower-case letters, digits and single dashes, starting with a letter`,
    "use the environment name, e.g. prod",
  );
}

const HH_MM = "([01]\\d|2[0-3]):[0-5]\\d";
const DAY = "(mon|tue|wed|thu|fri|sat|sun)";

/** A daily UTC window `hh:mm-hh:mm`. */
export function checkDailyWindow(v: Validator, field: string, value: string): void {
  v.check(
    new RegExp(`^${HH_MM}-${HH_MM}$`).test(value),
    field,
    value,
    "a UTC window hh:mm-hh:mm",
    "e.g. 03:00-04:00; keep it clear of the maintenance window",
  );
}

/** A weekly UTC window `ddd:hh:mm-ddd:hh:mm`. */
export function checkWeeklyWindow(v: Validator, field: string, value: string): void {
  v.check(
    new RegExp(`^${DAY}:${HH_MM}-${DAY}:${HH_MM}$`).test(value),
    field,
    value,
    "a UTC window ddd:hh:mm-ddd:hh:mm",
    "e.g. sun:04:30-sun:05:30",
  );
}
