import { describe, expect, it } from "vitest";
import {
  CANARY_HASH_ARG,
  compileAnalysisTemplates,
  DEFAULT_PROMETHEUS_ADDRESS,
  parseSloSpec,
  userServiceSpec,
} from "../../slo/index.js";
import { errorRateSlo, latencySlo, specInput } from "./builders.js";

const [template] = compileAnalysisTemplates([userServiceSpec]);
const metric = (name: string) => template?.spec.metrics.find((m) => m.name === name);

/**
 * Evaluates a condition the way Argo Rollouts would for a vector result. The conditions use only
 * `result[0]`, `isNaN`, comparisons, `!` and `&&`, which mean the same in expr-lang and JavaScript.
 */
function holds(condition: string, value: number): boolean {
  expect(condition).toMatch(/^[!a-zA-Z0-9_[\]().<>=&| ]+$/);
  return new Function("result", "isNaN", `return ${condition};`)([value], Number.isNaN) as boolean;
}

function outcome(name: string, value: number): "success" | "failure" | "inconclusive" {
  const m = metric(name)!;
  const success = holds(m.successCondition, value);
  const failure = holds(m.failureCondition, value);
  expect(success && failure).toBe(false);
  return success ? "success" : failure ? "failure" : "inconclusive";
}

describe("AnalysisTemplate", () => {
  it("is an Argo Rollouts AnalysisTemplate with the canary-hash and Prometheus args", () => {
    expect(template).toMatchObject({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AnalysisTemplate",
      metadata: { name: "user-service-slo-canary" },
    });
    expect(template?.spec.args).toEqual([
      { name: CANARY_HASH_ARG },
      { name: "prometheus-address", value: DEFAULT_PROMETHEUS_ADDRESS },
    ]);
    expect(template?.spec.metrics.map((m) => m.name)).toEqual(["latency-p95", "error-rate"]);
  });

  it("derives error-rate thresholds from the spec: success < 0.1%, failure > 1%", () => {
    const m = metric("error-rate")!;
    expect(m.successCondition).toBe("!isNaN(result[0]) && result[0] >= 0 && result[0] < 0.001");
    expect(m.failureCondition).toBe("!isNaN(result[0]) && result[0] > 0.01");
    expect(m).toMatchObject({ initialDelay: "2m", interval: "1m", failureLimit: 0, inconclusiveLimit: 0 });
    // No count: a background analysis that stopped early would leave later steps unguarded.
    expect(m).not.toHaveProperty("count");
    expect(outcome("error-rate", 0)).toBe("success");
    expect(outcome("error-rate", 0.0009)).toBe("success");
    expect(outcome("error-rate", 0.001)).toBe("inconclusive");
    expect(outcome("error-rate", 0.005)).toBe("inconclusive");
    expect(outcome("error-rate", 0.0101)).toBe("failure");
  });

  it("derives latency thresholds from the spec: success p95 < 500 ms, failure > 1000 ms", () => {
    const m = metric("latency-p95")!;
    expect(m.successCondition).toBe("!isNaN(result[0]) && result[0] >= 0 && result[0] < 0.5");
    expect(m.failureCondition).toBe("!isNaN(result[0]) && result[0] > 1");
    expect(outcome("latency-p95", 0.2)).toBe("success");
    expect(outcome("latency-p95", 0.75)).toBe("inconclusive");
    expect(outcome("latency-p95", 1.5)).toBe("failure");
  });

  it("treats NaN and no canary traffic (-1) as inconclusive, never as a pass", () => {
    for (const name of ["error-rate", "latency-p95"]) {
      expect(outcome(name, Number.NaN)).toBe("inconclusive");
      expect(outcome(name, -1)).toBe("inconclusive");
    }
  });

  it("queries only the canary's pods and guards the division", () => {
    const q = metric("error-rate")!.provider.prometheus.query;
    expect(q).toBe(
      '((sum(rate(http_requests_total{namespace="user-service",service="user-service",status=~"5..",rollouts_pod_template_hash="{{args.canary-hash}}"}[5m])) or vector(0))' +
        ' / (sum(rate(http_requests_total{namespace="user-service",service="user-service",rollouts_pod_template_hash="{{args.canary-hash}}"}[5m])) > 0))' +
        " or on() vector(-1)",
    );
    const p95 = metric("latency-p95")!.provider.prometheus;
    expect(p95.query).toMatch(
      /^\(histogram_quantile\(0\.95, sum by \(le\) \(rate\(http_request_duration_seconds_bucket\{.*rollouts_pod_template_hash="\{\{args\.canary-hash\}\}"\}\[5m\]\)\)\) and on\(\) \(sum\(rate\(http_request_duration_seconds_count\{.*\}\[5m\]\)\) > 0\)\) or on\(\) vector\(-1\)$/,
    );
    expect(p95.address).toBe("{{args.prometheus-address}}");
  });

  it("takes failure thresholds from the spec and skips SLOs with canary disabled", () => {
    const spec = parseSloSpec(
      specInput([
        errorRateSlo({ objective: 99.5, canary: { failureErrorRatePercent: 2.5 } }),
        latencySlo({ objective: 99, canary: { failureLatencySeconds: 2.5 } }),
        errorRateSlo({ name: "other", canary: { enabled: false } }),
      ]),
    );
    const [t] = compileAnalysisTemplates([spec], { namespace: "demo", prometheusAddress: "http://p:9090" });
    expect(t?.metadata.namespace).toBe("demo");
    expect(
      t?.spec.metrics.map((m) => [
        m.name,
        m.successCondition.split(" < ")[1],
        m.failureCondition.split(" > ")[1],
      ]),
    ).toEqual([
      ["error-rate", "0.005", "0.025"],
      ["latency-p99", "0.5", "2.5"],
    ]);
    expect(t?.spec.metrics[1]?.provider.prometheus.query).toContain("histogram_quantile(0.99,");
  });
});
