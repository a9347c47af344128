/**
 * Public API of the SLO-as-code compiler: specs in; Prometheus rules, PrometheusRule resources,
 * promtool tests, Alertmanager config, Grafana dashboards and Argo Rollouts AnalysisTemplates out.
 */

export { BUSINESS_HOURS_INTERVAL, compileAlertmanagerConfig, RECEIVERS } from "./alertmanager.js";
export {
  ALERTMANAGER_SECRET_KEYS,
  type AlertmanagerOptions,
  DEFAULT_ALERTMANAGER_SECRET,
  DEFAULT_SECRETS_DIR,
  DEFAULT_TIMEZONE,
  type ResolvedAlertmanagerOptions,
} from "./alertmanager-options.js";
export type * from "./alertmanager-types.js";
export {
  type AnalysisMetric,
  type AnalysisTemplate,
  type AnalysisTemplateOptions,
  CANARY_HASH_ARG,
  CANARY_HASH_LABEL,
  compileAnalysisTemplates,
  DEFAULT_PROMETHEUS_ADDRESS,
  NO_TRAFFIC_SENTINEL,
  PROMETHEUS_ADDRESS_ARG,
} from "./analysis-template.js";
export { type ArtefactOptions, compileArtefacts } from "./artefacts.js";
export { errorBudget, objectiveRatio } from "./budget.js";
export { PAGE_CONDITIONS, SLI_WINDOWS, type SliWindow, TICKET_CONDITIONS } from "./burn-rates.js";
export { compileRuleFile, compileRuleGroups } from "./compile-rules.js";
export {
  type ConfigMap,
  compileDashboards,
  GRAFANA_DASHBOARD_LABEL,
  GRAFANA_DASHBOARD_LABEL_VALUE,
  sloDashboard,
} from "./dashboard.js";
export type { GrafanaDashboard } from "./grafana-types.js";
export type { KubernetesOptions, Named } from "./k8s-types.js";
export * as naming from "./naming.js";
export {
  compilePrometheusRules,
  PROMETHEUS_RULE_SELECTOR,
  PROMETHEUS_RULE_SELECTOR_LABEL,
  PROMETHEUS_RULE_SELECTOR_VALUE,
  type PrometheusRule,
} from "./prometheus-rule.js";
export { leRegex } from "./promql.js";
export { renderYaml } from "./render.js";
export type { RuleTestFile } from "./rule-test-types.js";
export { compileRuleTests, type RuleTestOptions } from "./rule-tests.js";
export type { AlertingRule, RecordingRule, Rule, RuleFile, RuleGroup } from "./rule-types.js";
export type { LabelMatcher, LabelMatcherObject, LabelSelector, MatchOp } from "./selector.js";
export * from "./spec.js";
export { builtInSpecs, USER_SERVICE_LATENCY_BUCKETS, userServiceSpec } from "./specs/index.js";
