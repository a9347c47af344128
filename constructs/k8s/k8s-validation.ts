/**
 * Small checks on Kubernetes values shared by the workload constructs: DNS labels, resource
 * quantities (parsed to numbers so requests and limits compare numerically) and pinned images.
 */

import { DNS_LABEL } from "./k8s-checks";

/** True for an RFC 1123 DNS label of at most `maxLength` characters (63 by default). */
export function isDnsLabel(value: string, maxLength = 63): boolean {
  return value.length <= maxLength && DNS_LABEL.test(value);
}

const QUANTITY = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

const SUFFIX_FACTORS: Readonly<Record<string, number>> = {
  "": 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/**
 * The value of a non-negative Kubernetes quantity (`250m` → 0.25, `256Mi` → 268435456, `1e3` → 1000),
 * or `undefined` when the string is not a quantity.
 */
export function parseQuantity(value: string): number | undefined {
  const match = QUANTITY.exec(value);
  if (!match) return undefined;
  const [, digits, suffix = ""] = match;
  const factor = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX_FACTORS[suffix];
  return Number(digits) * (factor as number);
}

/** True when both are quantities and `low` ≤ `high`; false when either does not parse. */
export function quantityAtMost(low: string, high: string): boolean {
  const a = parseQuantity(low);
  const b = parseQuantity(high);
  return a !== undefined && b !== undefined && a <= b;
}

/** A quantity multiplied by a whole factor, keeping its suffix: `scaleQuantity("8Gi", 2)` → `16Gi`. */
export function scaleQuantity(value: string, factor: number): string {
  const match = QUANTITY.exec(value);
  if (!match) return value;
  const [, digits, suffix = ""] = match;
  return `${Number(digits) * factor}${suffix}`;
}

/**
 * True when an image reference is pinned: a digest (`@sha256:<64 hex>`), or a tag other than
 * `latest`. An untagged reference means `latest` to the container runtime.
 */
export function isPinnedImage(image: string): boolean {
  const [ref = "", digest] = image.split("@");
  if (digest !== undefined) return /^sha256:[a-f0-9]{64}$/.test(digest) && ref.length > 0;
  const lastSlash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  if (colon <= lastSlash) return false;
  const tag = ref.slice(colon + 1);
  return /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/.test(tag) && tag !== "latest";
}
