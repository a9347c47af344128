/**
 * The S3 general-purpose bucket naming rules, as one function so `SecureBucket` and `ObjectStorage`
 * report the same problems. Source: "General purpose bucket naming rules" in the Amazon S3 user guide.
 */

/** One broken naming rule: what is allowed and how to fix it. */
export interface BucketNameProblem {
  readonly allowed: string;
  readonly hint: string;
}

const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"] as const;
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] as const;

/** Every rule `name` breaks; empty when the name is valid. */
export function bucketNameProblems(name: string): BucketNameProblem[] {
  const problems: BucketNameProblem[] = [];
  const add = (ok: boolean, allowed: string, hint: string) => {
    if (!ok) problems.push({ allowed, hint });
  };
  add(
    name.length >= 3 && name.length <= 63,
    "3 to 63 characters",
    `shorten the name (it has ${name.length} characters)`,
  );
  add(
    /^[a-z0-9.-]*$/.test(name),
    "lower-case letters, digits, dots and dashes only",
    "lower-case the name and drop other characters",
  );
  add(
    /^[a-z0-9]/.test(name) && /[a-z0-9]$/.test(name),
    "a name that starts and ends with a letter or digit",
    "trim leading and trailing dots and dashes",
  );
  add(!name.includes(".."), "no two adjacent dots", "replace `..` with a single dot or a dash");
  add(
    !/^\d{1,3}(\.\d{1,3}){3}$/.test(name),
    "a name that is not formatted as an IP address",
    "use a name with letters in it",
  );
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  add(prefix === undefined, `no reserved prefix (${RESERVED_PREFIXES.join(", ")})`, `drop "${prefix}"`);
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  add(suffix === undefined, `no reserved suffix (${RESERVED_SUFFIXES.join(", ")})`, `drop "${suffix}"`);
  return problems;
}

/** The bucket that serves static assets to the edge: `<prefix>-static`. */
export function staticBucketNameOf(bucketPrefix: string): string {
  return `${bucketPrefix}-static`;
}

/**
 * The host an edge connects to for a bucket, and the `Host` it must send (S3 routes by it): the
 * regional virtual-hosted endpoint, `<bucket>.s3.<region>.amazonaws.com`.
 */
export function bucketRegionalHostOf(bucket: string, region: string): string {
  return `${bucket}.s3.${region}.amazonaws.com`;
}

/** The object the edge's monitor reads from a static origin: 200 while the bucket serves. */
export const EDGE_HEALTH_OBJECT_KEY = ".well-known/edge-health";
