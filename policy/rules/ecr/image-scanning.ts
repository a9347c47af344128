import { stackOf } from "../../lib/fixture.js";
import { blocks, dig, isReference, isTrueOrUnknown, show } from "../../lib/values.js";
import type { ResourceView, Rule, RuleFixtures, StackIndex } from "../../types.js";

/** Scan frequencies that scan an image without anyone asking (MANUAL does not). */
const AUTOMATIC = ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"];

/**
 * True when an ECR `WILDCARD` scanning filter matches the repository name: `*` stands for any characters
 * and the filter must match the whole name; a filter without `*` matches every name containing it.
 */
function scanFilterMatches(filter: string, name: string): boolean {
  if (!filter.includes("*")) return name.includes(filter);
  const pattern = filter.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${pattern.join(".*")}$`).test(name);
}

/** The registry scanning rules (same region as the repository) that scan it automatically. */
function registryScans(repository: ResourceView, stack: StackIndex): boolean {
  const name = repository.values.name;
  const region = repository.values.region ?? null;
  return stack
    .ofType("aws_ecr_registry_scanning_configuration")
    .filter((config) => (config.values.region ?? null) === region)
    .flatMap((config) => blocks(config.values.rule))
    .filter((r) => typeof r.scan_frequency === "string" && AUTOMATIC.includes(r.scan_frequency))
    .flatMap((r) => blocks(r.repository_filter))
    .some(
      (f) =>
        typeof f.filter === "string" &&
        (typeof name !== "string" || isReference(name) || scanFilterMatches(f.filter, name)),
    );
}

/**
 * Every image is scanned for vulnerabilities when it is pushed: by the repository's basic scan on push,
 * or by a registry scanning configuration (basic or enhanced) whose rule covers the repository.
 */
const rule: Rule = {
  id: "PLAT-ECR-002",
  checkov: "CKV_AWS_163",
  trivy: "AVD-AWS-0030",
  severity: "HIGH",
  resourceTypes: ["aws_ecr_repository"],
  description:
    "ECR repositories are scanned automatically: image_scanning_configuration.scan_on_push = true, or an aws_ecr_registry_scanning_configuration in the same region has a SCAN_ON_PUSH or CONTINUOUS_SCAN rule whose filter matches the repository.",
  fix: 'Add an aws_ecr_registry_scanning_configuration (scan_type "ENHANCED", a CONTINUOUS_SCAN or SCAN_ON_PUSH rule matching the repository), or set image_scanning_configuration { scan_on_push = true }.',
  check: (repository, _ctx, stack) => {
    const onPush = dig(repository.values, "image_scanning_configuration.scan_on_push");
    if (isTrueOrUnknown(onPush) || registryScans(repository, stack)) return [];
    return [
      `image_scanning_configuration.scan_on_push is ${show(onPush)} and no registry scanning rule matches ${show(repository.values.name)}; expected scan_on_push = true or a SCAN_ON_PUSH/CONTINUOUS_SCAN rule covering the repository`,
    ];
  },
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_ecr_repository: {
      onPush: { name: "tools/builder", image_scanning_configuration: { scan_on_push: true } },
      enhanced: { name: "acme/api" },
      replica: {
        name: "acme/api",
        region: "eu-central-1",
        image_scanning_configuration: { scan_on_push: true },
      },
    },
    aws_ecr_registry_scanning_configuration: {
      registry: {
        scan_type: "ENHANCED",
        rule: [
          {
            scan_frequency: "CONTINUOUS_SCAN",
            repository_filter: [{ filter: "acme/*", filter_type: "WILDCARD" }],
          },
        ],
      },
    },
  }),
  fail: stackOf({
    aws_ecr_repository: {
      unscanned: { name: "billing/api", image_scanning_configuration: { scan_on_push: false } },
      otherPrefix: { name: "tools/builder" },
      manualOnly: { name: "acme/batch", region: "eu-central-1" },
    },
    aws_ecr_registry_scanning_configuration: {
      registry: {
        scan_type: "ENHANCED",
        rule: [
          {
            scan_frequency: "CONTINUOUS_SCAN",
            repository_filter: [{ filter: "acme/*", filter_type: "WILDCARD" }],
          },
        ],
      },
      dr: {
        region: "eu-central-1",
        scan_type: "BASIC",
        rule: [{ scan_frequency: "MANUAL", repository_filter: [{ filter: "*", filter_type: "WILDCARD" }] }],
      },
    },
  }),
  attribute: "scan_on_push",
};
