/** Construction-time checks for {@link EksCluster}: every problem, collected into one error. */
import { isPrivate, parseCidr } from "../cidr";
import { Token } from "../core";
import { Validator } from "../validation";
import { checkNodeGroups } from "./eks-capacity";
import type { EksClusterProps } from "./eks-cluster";
import { ADDON_VERSION_PATTERN } from "./eks-managed-addon";
import { EKS_NAME_MAX, EKS_VERSIONS, LOG_RETENTION_DAYS, PUBLIC_CIDR_MIN_PREFIX } from "./limits";

/**
 * Longest cluster name: the longest derived prefixes, `<name>-lb-controller-` (IAM role, at most 38)
 * and `<name>-app-ondemand-` (node group, at most 37), must fit.
 */
export { EKS_NAME_MAX };

interface Resolved {
  readonly publicEndpointCidrs: readonly string[];
  readonly privateEndpointCidrs: readonly string[];
  readonly adminRoleArns: readonly string[];
  readonly logRetentionDays: number;
  readonly nodeRootVolumeSizeGiB: number;
}

/** Throws one error listing every problem with the props and the resolved defaults. */
export function validateEksCluster(construct: string, props: EksClusterProps, r: Resolved): void {
  const v = new Validator(construct);
  v.check(
    /^[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]$/.test(props.name) && props.name.length <= EKS_NAME_MAX,
    "name",
    props.name,
    `2..${EKS_NAME_MAX} lower-case letters, digits and single dashes, starting with a letter`,
    "IAM role and node-group names are derived from it; e.g. prod or prod-blue",
  );
  v.check(
    (EKS_VERSIONS as readonly string[]).includes(props.version),
    "version",
    props.version,
    `one of ${EKS_VERSIONS.join(", ")}`,
    "pick a version in standard support; add new ones to EKS_VERSIONS in environments/schema.ts",
  );
  v.check(
    /^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(props.region),
    "region",
    props.region,
    "an AWS region such as eu-west-1",
    "pass the stack's region",
  );
  r.publicEndpointCidrs.forEach((cidr, i) => {
    const range = parseCidr(cidr);
    v.check(
      range !== undefined && range.prefix >= PUBLIC_CIDR_MIN_PREFIX,
      `publicEndpointCidrs[${i}]`,
      cidr,
      `an IPv4 CIDR block of /${PUBLIC_CIDR_MIN_PREFIX} or narrower, never 0.0.0.0/0`,
      "list the office or VPN egress ranges; leave the list empty for a private-only endpoint",
    );
  });
  r.privateEndpointCidrs.forEach((cidr, i) => {
    const range = parseCidr(cidr);
    v.check(
      range !== undefined && isPrivate(range),
      `privateEndpointCidrs[${i}]`,
      cidr,
      "a private IPv4 CIDR block (10/8, 172.16/12, 192.168/16 or 100.64/10)",
      "list the deployer's private range; public ranges go in publicEndpointCidrs",
    );
  });
  v.check(
    r.publicEndpointCidrs.length > 0 || r.privateEndpointCidrs.length > 0,
    "publicEndpointCidrs/privateEndpointCidrs",
    [],
    "at least one range the deployer connects from",
    "without one nothing can reach the API, and every in-cluster install of the same apply fails",
  );
  r.adminRoleArns.forEach((arn, i) => {
    v.check(
      Token.isUnresolved(arn) || /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(arn),
      `adminRoleArns[${i}]`,
      arn,
      "an IAM role ARN, arn:aws:iam::<account>:role/<name>",
      "use the role ARN, not an assumed-role session ARN or a user",
    );
  });
  v.check(
    (LOG_RETENTION_DAYS as readonly number[]).includes(r.logRetentionDays),
    "logRetentionDays",
    r.logRetentionDays,
    `one of ${LOG_RETENTION_DAYS.join(", ")}`,
    "CloudWatch Logs accepts only these values",
  );
  for (const [key, version] of Object.entries(props.addonVersions ?? {})) {
    v.check(
      version === undefined || ADDON_VERSION_PATTERN.test(version),
      `addonVersions.${key}`,
      version,
      "an EKS add-on build such as v1.19.2-eksbuild.1",
      "list builds with aws eks describe-addon-versions, or omit to use the default",
    );
  }
  checkNodeGroups(v, props.systemNodeGroup, props.applicationNodeGroup, r.nodeRootVolumeSizeGiB);
  v.throwIfAny();
}
