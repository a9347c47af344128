/** Minimal typed shape of a Prometheus rule file (`promtool check rules` input). */

/** A recording rule. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** An alerting rule. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Either kind of rule. */
export type Rule = RecordingRule | AlertingRule;

/** A rule group: rules evaluated in order, so alerts read the recordings of the same evaluation. */
export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly Rule[];
}

/** A Prometheus rule file. */
export interface RuleFile {
  readonly groups: readonly RuleGroup[];
}
