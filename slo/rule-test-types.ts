/** Minimal typed shape of a `promtool test rules` file. */

/** A synthetic series in expanding notation: `0+1000x180`. */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** An alert expected to be firing. */
export interface ExpectedAlert {
  readonly exp_labels: Readonly<Record<string, string>>;
  readonly exp_annotations: Readonly<Record<string, string>>;
}

/** The firing alerts of one name at one time (empty = none firing). */
export interface AlertRuleTest {
  readonly eval_time: string;
  readonly alertname: string;
  readonly exp_alerts: readonly ExpectedAlert[];
}

/** An expected sample: labels as `{a="b"}` and the value. */
export interface ExpectedSample {
  readonly labels: string;
  readonly value: number;
}

/** The result of a PromQL expression at one time (empty = no sample, in particular no NaN). */
export interface PromqlExprTest {
  readonly expr: string;
  readonly eval_time: string;
  readonly exp_samples: readonly ExpectedSample[];
}

/** One test case: input series and what the rules must produce from them. */
export interface RuleTestGroup {
  readonly name: string;
  readonly interval: string;
  readonly input_series: readonly InputSeries[];
  readonly alert_rule_test: readonly AlertRuleTest[];
  readonly promql_expr_test: readonly PromqlExprTest[];
}

/** A promtool unit-test file. `rule_files` are relative to the test file's directory. */
export interface RuleTestFile {
  readonly rule_files: readonly string[];
  readonly evaluation_interval: string;
  readonly tests: readonly RuleTestGroup[];
}
