import { describe, expect, it } from "vitest";
import { dec } from "../../slo/decimal.js";
import {
  type AlertingRule,
  compilePrometheusRules,
  compileRuleFile,
  compileRuleGroups,
  errorBudget,
  leRegex,
  naming,
  objectiveRatio,
  PROMETHEUS_RULE_SELECTOR,
  PROMETHEUS_RULE_SELECTOR_LABEL,
  PROMETHEUS_RULE_SELECTOR_VALUE,
  parseSloSpec,
  type RecordingRule,
  renderYaml,
  userServiceSpec,
} from "../../slo/index.js";
import { errorRateSlo, specInput } from "./builders.js";

const groups = compileRuleGroups([userServiceSpec]);
const group = (slo: string) => groups.find((g) => g.name === `slo-user-service-${slo}`)!;
const record = (slo: string, name: string) =>
  group(slo).rules.find((r): r is RecordingRule => "record" in r && r.record === name)!;
const alert = (slo: string, tier: "Page" | "Ticket") =>
  group(slo).rules.find((r): r is AlertingRule => "alert" in r && r.alert.endsWith(tier))!;

describe("error budget without float drift", () => {
  it.each([
    [99.9, "0.001", "0.999"],
    [99.95, "0.0005", "0.9995"],
    [99.99, "0.0001", "0.9999"],
    [95, "0.05", "0.95"],
    [99.999, "0.00001", "0.99999"],
    [12.3, "0.877", "0.123"],
  ])("objective %s -> budget %s", (objective, budget, ratio) => {
    expect(errorBudget(objective).toString()).toBe(budget);
    expect(objectiveRatio(objective).toString()).toBe(ratio);
  });

  it("emits 99.9% as exactly 0.001 in the rule YAML, and burn thresholds exactly", () => {
    const yaml = renderYaml(compileRuleFile(userServiceSpec));
    expect(yaml).toContain("expr: vector(0.001)\n");
    expect(yaml).toContain("expr: vector(0.999)\n");
    expect(yaml).toContain("/ 0.001\n");
    for (const threshold of [
      "> 0.0144",
      "> 0.006",
      "> 0.003",
      "> 0.001",
      "> 0.72",
      "> 0.3",
      "> 0.15",
      "> 0.05",
    ]) {
      expect(yaml).toContain(threshold);
    }
    expect(yaml).not.toMatch(/\d\.\d*0000000\d/);
    expect(yaml).not.toMatch(/\d\.\d*9999999\d/);
  });

  it("Decimal arithmetic is exact where floats drift", () => {
    expect((100 - 99.9) / 100).not.toBe(0.001);
    expect(dec("14.4").times(dec("0.001")).toString()).toBe("0.0144");
    expect(dec(0.1).plus(dec(0.2)).toString()).toBe("0.3");
    expect(dec("1e-7").toString()).toBe("0.0000001");
    expect(dec(100).minus(dec(99.9)).compare(dec("0.1"))).toBe(0);
  });
});

describe("tolerant le matcher", () => {
  const matches = (pattern: string, value: string) => new RegExp(`^(?:${pattern})$`).test(value);

  it("matches the threshold in every float formatting", () => {
    expect(leRegex(0.5)).toBe("0\\.50*");
    for (const le of ["0.5", "0.50", "0.500"]) expect(matches(leRegex(0.5), le)).toBe(true);
    for (const le of ["0.05", "0.55", "5", "0x5", "0.51", "+Inf"])
      expect(matches(leRegex(0.5), le)).toBe(false);
    expect(leRegex(1)).toBe("1(\\.0*)?");
    for (const le of ["1", "1.0", "1.00"]) expect(matches(leRegex(1), le)).toBe(true);
    for (const le of ["10", "1.5", "0.1", "11"]) expect(matches(leRegex(1), le)).toBe(false);
    expect(leRegex(0.025)).toBe("0\\.0250*");
  });

  it("is used by the latency SLI, escaped for a PromQL string", () => {
    expect(record("latency", "slo:sli_error:ratio_rate5m").expr).toContain('le=~"0\\\\.50*"');
  });
});

describe("rule naming convention", () => {
  it("records the error ratio at every window, then metadata, with slo and service labels", () => {
    const records = group("availability").rules.filter((r): r is RecordingRule => "record" in r);
    expect(records.map((r) => r.record)).toEqual([
      "slo:sli_error:ratio_rate5m",
      "slo:sli_error:ratio_rate30m",
      "slo:sli_error:ratio_rate1h",
      "slo:sli_error:ratio_rate2h",
      "slo:sli_error:ratio_rate6h",
      "slo:sli_error:ratio_rate1d",
      "slo:sli_error:ratio_rate3d",
      "slo:sli_error:ratio_rate30d",
      "slo:objective:ratio",
      "slo:error_budget:ratio",
      "slo:error_budget_remaining:ratio",
    ]);
    for (const r of records) expect(r.labels).toEqual({ slo: "availability", service: "user-service" });
    expect(naming.errorRatioRecord("1d")).toBe("slo:sli_error:ratio_rate1d");
  });

  it("records the latency quantile from the histogram, guarded against no traffic", () => {
    const r = record("latency", naming.LATENCY_QUANTILE_RECORD);
    expect(r.labels).toEqual({ slo: "latency", service: "user-service", quantile: "0.95" });
    expect(r.expr).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="user-service",service="user-service"}[5m])))' +
        ' and on() (sum(rate(http_request_duration_seconds_count{namespace="user-service",service="user-service"}[5m])) > 0)',
    );
  });

  it("divides only where the denominator is positive and reads a missing numerator as 0", () => {
    expect(record("error-rate", "slo:sli_error:ratio_rate1h").expr).toBe(
      '(sum(rate(http_requests_total{namespace="user-service",service="user-service",status=~"5.."}[1h])) or vector(0))' +
        ' / (sum(rate(http_requests_total{namespace="user-service",service="user-service"}[1h])) > 0)',
    );
    expect(record("latency", "slo:sli_error:ratio_rate1h").expr).toMatch(
      /^1 - \(\(sum\(rate\(http_request_duration_seconds_bucket\{.*\}\[1h\]\)\) or vector\(0\)\) \/ \(.* > 0\)\)$/,
    );
  });

  it("measures availability at the sidecar: requests the app never answered, not the app's 5xx", () => {
    expect(record("availability", "slo:sli_error:ratio_rate1h").expr).toBe(
      '(sum(rate(istio_requests_total{namespace="user-service",service="user-service",reporter="destination",response_flags!="-"}[1h])) or vector(0))' +
        ' / (sum(rate(istio_requests_total{namespace="user-service",service="user-service",reporter="destination"}[1h])) > 0)',
    );
  });

  it("names alerts <Service><Slo>ErrorBudgetBurn<Tier> with severity, slo and service labels", () => {
    const page = alert("error-rate", "Page");
    expect(page.alert).toBe("UserServiceErrorRateErrorBudgetBurnPage");
    expect(page.labels).toEqual({ severity: "critical", slo: "error-rate", service: "user-service" });
    expect(page.for).toBe("2m");
    expect(Object.keys(page.annotations ?? {})).toEqual(["summary", "description", "runbook_url"]);
    expect(page.annotations?.runbook_url).toBe("https://runbooks.example.com/slo/user-service/error-rate");
    const ticket = alert("error-rate", "Ticket");
    expect(ticket.alert).toBe("UserServiceErrorRateErrorBudgetBurnTicket");
    expect(ticket.labels?.severity).toBe("warning");
  });

  it("builds multi-window, multi-burn-rate expressions from the workbook table", () => {
    const s = (w: string) => `slo:sli_error:ratio_rate${w}{slo="error-rate",service="user-service"}`;
    expect(alert("error-rate", "Page").expr).toBe(
      `(\n  ${s("5m")} > 0.0144\n  and\n  ${s("1h")} > 0.0144\n)\nor\n(\n  ${s("30m")} > 0.006\n  and\n  ${s("6h")} > 0.006\n)`,
    );
    expect(alert("error-rate", "Ticket").expr).toBe(
      `(\n  ${s("2h")} > 0.003\n  and\n  ${s("1d")} > 0.003\n)\nor\n(\n  ${s("6h")} > 0.001\n  and\n  ${s("3d")} > 0.001\n)`,
    );
  });

  it("omits disabled alert tiers", () => {
    const spec = parseSloSpec(
      specInput([
        errorRateSlo({ alerting: { runbookBaseUrl: "https://r.example.com", ticket: { enabled: false } } }),
      ]),
    );
    const alerts = compileRuleGroups([spec])[0]!.rules.filter((r) => "alert" in r);
    expect(alerts.map((r) => (r as AlertingRule).alert)).toEqual(["DemoErrorRateErrorBudgetBurnPage"]);
  });
});

describe("PrometheusRule resources", () => {
  it("wrap each service's groups and carry the rule-selector label", () => {
    const [rule] = compilePrometheusRules([userServiceSpec], { namespace: "monitoring" });
    expect(rule?.apiVersion).toBe("monitoring.coreos.com/v1");
    expect(rule?.kind).toBe("PrometheusRule");
    expect(rule?.metadata).toMatchObject({ name: "slo-user-service", namespace: "monitoring" });
    expect(rule?.metadata.labels?.[PROMETHEUS_RULE_SELECTOR_LABEL]).toBe(PROMETHEUS_RULE_SELECTOR_VALUE);
    expect(PROMETHEUS_RULE_SELECTOR).toEqual({ matchLabels: { "platform.acme.io/slo": "true" } });
    expect(rule?.spec.groups).toEqual(compileRuleFile(userServiceSpec).groups);
  });
});
