/**
 * Shared types of the policy engine: the synthesized stack document, the rule contract and findings.
 */

/** Severity of a rule, in checkov/trivy terms. */
export type Severity = "CRITICAL" | "HIGH" | "MEDIUM" | "LOW";

/** Environment tier a stack belongs to; rules use it to scale expectations (multi-AZ, replicas, ...). */
export type Tier = "development" | "staging" | "production";

/** Context passed to every rule. */
export interface PolicyContext {
  /** Stack name as in `cdktf.out/manifest.json`. */
  stack: string;
  /** Tier of the stack. */
  tier: Tier;
  /** Minimum backup retention for primary databases; raises (never lowers) the built-in floor of 7. */
  minBackupRetentionDays?: number;
  /**
   * IAM principals allowed cluster-admin on the stack's clusters (`aws.kubernetes.adminRoleArns` of the
   * environment). Absent means none: every cluster-admin grant is a finding.
   */
  adminRoleArns?: readonly string[];
}

/**
 * `Rule.resourceTypes` entry that matches every block of a stack: resources, data sources, provider
 * configurations, variables, outputs and the `terraform` block.
 */
export const ANY_BLOCK = "*";

/** A JSON object as found in synthesized Terraform JSON. */
export type JsonObject = { [key: string]: unknown };

/** A waiver embedded next to a resource (`"//": { "policy_waivers": [...] }`, see `waive()`). */
export interface InlineWaiver {
  ruleId: string;
  reason: string;
  expires: string;
}

/**
 * A synthesized stack (`cdktf.out/stacks/<stack>/cdk.tf.json`). Only the parts the engine reads are
 * typed; everything else passes through untouched.
 */
export interface StackDoc {
  resource?: Record<string, Record<string, JsonObject>>;
  data?: Record<string, Record<string, JsonObject>>;
  [key: string]: unknown;
}

/**
 * One resource of a stack, addressed the way Terraform addresses it (`<type>.<name>`). Data sources,
 * provider configurations, variables, outputs and the `terraform` block are viewed the same way (see
 * `StackIndex.blocks`), with `type` `data.<type>`, `provider`, `variable`, `output` or `terraform`.
 */
export interface ResourceView {
  /** Resource type, e.g. `aws_db_instance` (`data.aws_iam_policy_document` for a data source). */
  type: string;
  /** Resource name (the cdktf logical id), e.g. `database_instance_1A2B3C`. */
  name: string;
  /** Terraform address `<type>.<name>`; `data.<type>.<name>`, `provider.<name>[.<alias>]`, `var.<name>`, `output.<name>`, `terraform`. */
  address: string;
  /** Construct path from `"//".metadata.path`, when cdktf recorded one. */
  constructPath?: string;
  /** The resource's attributes exactly as synthesized (including `lifecycle` and `"//"`). */
  values: JsonObject;
}

/** Read access to the whole stack, for rules that look at companion resources. */
export interface StackIndex {
  /** Every resource of the stack. */
  readonly all: readonly ResourceView[];
  /** Every resource, data source, provider configuration, variable and output, and the `terraform` block. */
  readonly blocks: readonly ResourceView[];
  /** Resources of one type, or data sources of `data.<type>` (empty when none). */
  ofType(type: string): readonly ResourceView[];
  /** A resource by address (`<type>.<name>`). */
  byAddress(address: string): ResourceView | undefined;
  /** A data source's attributes by type and name (`data.<type>.<name>`). */
  data(type: string, name: string): JsonObject | undefined;
}

/**
 * A policy rule. Each rule lives in its own file under `policy/rules/<area>/` and is that file's
 * default export; the registry discovers it.
 */
export interface Rule {
  /** Stable id, `PLAT-<AREA>-<NNN>`; never reuse or renumber (waivers reference it). */
  id: string;
  /** Closest checkov check, if any. */
  checkov?: string;
  /** Closest trivy (AVD) check, if any. */
  trivy?: string;
  severity: Severity;
  /**
   * True when a violation lets a destroy or a mistake lose data for good (no backup, no snapshot, no
   * protection). Such rules, like CRITICAL ones, cannot be waived.
   */
  dataLoss?: boolean;
  /**
   * Terraform resource types the rule is evaluated against; `data.<type>` for data sources, `ANY_BLOCK`
   * (`"*"`) for every block of the stack.
   */
  resourceTypes: readonly string[];
  /** What the rule requires, one sentence. */
  description: string;
  /** How to fix a finding, one sentence. */
  fix: string;
  /**
   * Returns one message per violation (empty when compliant). Messages name the attribute and the
   * expected value. Pure: reads only its arguments.
   */
  check(resource: ResourceView, ctx: PolicyContext, stack: StackIndex): string[];
}

/** A compliant and a violating stack for one rule, used by the table-driven rule tests. */
export interface RuleFixtures {
  /** Context overrides for both fixtures (defaults: stack `test`, tier `production`). */
  ctx?: Partial<PolicyContext>;
  /** A stack the rule must accept. */
  pass: StackDoc;
  /** A stack the rule must reject. */
  fail: StackDoc;
  /** Text every failure message must contain, normally the attribute name. */
  attribute: string;
}

/** Applied waiver details on a finding. */
export interface AppliedWaiver {
  reason: string;
  expires: string;
  /** Where the waiver came from: the waiver file or the resource itself. */
  source: "file" | "inline";
}

/** One violation of one rule by one resource. */
export interface Finding {
  ruleId: string;
  checkov?: string;
  severity: Severity;
  /** Terraform address of the offending resource (or the waiver's pattern for waiver findings). */
  address: string;
  message: string;
  fix: string;
  /** Set when a valid, unexpired waiver covers the finding. */
  waived?: AppliedWaiver;
}
