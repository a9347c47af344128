import { writeFileSync } from "node:fs";
import path from "node:path";
import { AnalysisTemplate } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  DEFAULT_PROMETHEUS_ADDRESS,
  errorRateQuery,
  latencyP95Query,
  type ThresholdAnalysisOptions,
  thresholdAnalysisTemplates,
} from "../../../constructs/k8s/threshold-analysis-templates";
import { ValidationError } from "../../../constructs/validation";
import { findTool, missingNote, runTool, tempDir } from "../../slo/tools";

const base: ThresholdAnalysisOptions = { service: "user-service", namespace: "user-service" };

describe("thresholdAnalysisTemplates", () => {
  const [errorRate, latency] = thresholdAnalysisTemplates(base);

  it("builds an error-rate and a p95-latency template that pass the AnalysisTemplate schema", () => {
    expect([errorRate?.metadata?.name, latency?.metadata?.name]).toEqual([
      "user-service-error-rate",
      "user-service-latency-p95",
    ]);
    for (const t of [errorRate, latency]) {
      expect(t?.metadata?.namespace).toBe("user-service");
      expect(() => new AnalysisTemplate(t).validate()).not.toThrow();
    }
    const broken = { ...errorRate!, spec: { metrics: [{ provider: {} }] } } as never;
    expect(() => new AnalysisTemplate(broken).validate()).toThrow(/required property/);
  });

  it("succeeds below, fails above and is inconclusive between the thresholds", () => {
    expect(errorRate?.spec.metrics?.[0]).toMatchObject({
      name: "error-rate",
      successCondition: "result[0] < 0.001",
      failureCondition: "result[0] > 0.01",
      interval: "1m",
      failureLimit: 1,
      inconclusiveLimit: 2,
      provider: { prometheus: { address: DEFAULT_PROMETHEUS_ADDRESS, query: errorRateQuery("2m") } },
    });
    expect(latency?.spec.metrics?.[0]).toMatchObject({
      name: "latency-p95",
      successCondition: "result[0] < 500",
      failureCondition: "result[0] > 1000",
      provider: { prometheus: { query: latencyP95Query("2m") } },
    });
    expect(errorRate?.spec.metrics?.[0]).not.toHaveProperty("count");
  });

  it("takes the service and namespace as defaults and the canary hash from the Rollout", () => {
    expect(errorRate?.spec.args).toEqual([
      { name: "service-name", value: "user-service" },
      { name: "namespace", value: "user-service" },
      { name: "canary-hash" },
    ]);
    expect(errorRateQuery("2m")).toContain('pod=~"{{args.service-name}}-{{args.canary-hash}}-.*"');
  });

  it("applies custom thresholds, a count and a Prometheus address", () => {
    const [e, l] = thresholdAnalysisTemplates({
      ...base,
      successErrorRate: 0.005,
      failureErrorRate: 0.05,
      successP95Ms: 250,
      failureP95Ms: 800,
      count: 30,
      prometheusAddress: "http://prometheus-operated.monitoring.svc:9090",
    });
    expect(e?.spec.metrics?.[0]).toMatchObject({
      successCondition: "result[0] < 0.005",
      failureCondition: "result[0] > 0.05",
      count: 30,
    });
    expect(l?.spec.metrics?.[0]?.provider.prometheus?.address).toBe(
      "http://prometheus-operated.monitoring.svc:9090",
    );
    expect(l?.spec.metrics?.[0]?.successCondition).toBe("result[0] < 250");
  });

  it.each([
    [{ service: "User" }, 'service: got "User"; allowed: a DNS label of at most 50 characters'],
    [{ namespace: "" }, 'namespace: got ""; allowed: a DNS label'],
    [{ successErrorRate: 0 }, "successErrorRate: got 0; allowed: a ratio between 0 and 1 (exclusive)"],
    [{ failureErrorRate: 2 }, "failureErrorRate: got 2; allowed: a ratio between 0 and 1 (exclusive)"],
    [{ successErrorRate: 0.02 }, "successErrorRate: got 0.02; allowed: at most failureErrorRate (0.01)"],
    [{ successP95Ms: 2000 }, "successP95Ms: got 2000; allowed: above 0 and at most failureP95Ms (1000)"],
    [{ interval: "1 minute" }, 'interval: got "1 minute"; allowed: a duration such as 30s, 1m or 2m'],
    [{ rateWindow: "0m" }, 'rateWindow: got "0m"; allowed: a duration'],
    [{ count: 0 }, "count: got 0; allowed: a whole number of at least 1, or unset"],
    [{ failureLimit: -1 }, "failureLimit: got -1; allowed: a whole number of at least 0"],
    [{ inconclusiveLimit: 1.5 }, "inconclusiveLimit: got 1.5; allowed: a whole number of at least 0"],
    [
      { prometheusAddress: "prometheus:9090" },
      'prometheusAddress: got "prometheus:9090"; allowed: an http(s) URL',
    ],
  ] as [Partial<ThresholdAnalysisOptions>, string][])("rejects %j", (overrides, message) => {
    expect(() => thresholdAnalysisTemplates({ ...base, ...overrides })).toThrowError(ValidationError);
    expect(() => thresholdAnalysisTemplates({ ...base, ...overrides })).toThrowError(message);
  });
});

/**
 * The queries evaluated by the real Prometheus engine (`promtool test rules`), with the template
 * arguments filled in as Argo Rollouts would: the canary is the ReplicaSet with hash `c4n4ry`.
 */
describe("threshold queries under promtool", () => {
  const promtool = findTool("promtool");
  const fill = (q: string) =>
    q
      .replaceAll("{{args.service-name}}", "user-service")
      .replaceAll("{{args.namespace}}", "user-service")
      .replaceAll("{{args.canary-hash}}", "c4n4ry");
  const labels = (pod: string, extra = "") =>
    `reporter="destination",destination_service_namespace="user-service",destination_service_name="user-service",pod="${pod}"${extra}`;
  const canaryPod = "user-service-c4n4ry-x7k2p";
  const stablePod = "user-service-st4bl3-q9z8w";
  const requests = (pod: string, code: string, perMinute: number) => ({
    series: `istio_requests_total{${labels(pod, `,response_code="${code}"`)}}`,
    values: `0+${perMinute}x10`,
  });
  const bucket = (le: string, perMinute: number) => ({
    series: `istio_request_duration_milliseconds_bucket{${labels(canaryPod, `,le="${le}"`)}}`,
    values: `0+${perMinute}x10`,
  });
  // Rounded: promtool 2.42 compares floats exactly, and 10/1000 is 0.009999999999999998 in binary.
  const expectValue = (record: string, value: number) => ({
    expr: `round(${record}, 0.0001)`,
    eval_time: "5m",
    exp_samples: [{ labels: "{}", value }],
  });

  it("measure the canary only, and answer 0 rather than NaN or nothing without traffic or errors", (ctx) => {
    // Skipped without promtool, like every tool test; a failure when CI=true (see test/slo/tools.ts).
    if (promtool.skip) ctx.skip(missingNote(promtool));
    const dir = tempDir("threshold-analysis");
    const rules = {
      groups: [
        {
          name: "canary",
          rules: [
            { record: "canary:error_rate", expr: fill(errorRateQuery("2m")) },
            { record: "canary:latency_p95_ms", expr: fill(latencyP95Query("2m")) },
          ],
        },
      ],
    };
    const tests = {
      rule_files: ["rules.yaml"],
      evaluation_interval: "1m",
      tests: [
        {
          // 1% of the canary's requests fail; the stable pods' 50% must not count.
          interval: "1m",
          input_series: [
            requests(canaryPod, "200", 990),
            requests(canaryPod, "503", 10),
            requests(stablePod, "200", 100),
            requests(stablePod, "500", 100),
          ],
          promql_expr_test: [expectValue("canary:error_rate", 0.01)],
        },
        {
          interval: "1m",
          input_series: [requests(canaryPod, "200", 100), requests(stablePod, "500", 100)],
          promql_expr_test: [expectValue("canary:error_rate", 0)],
        },
        {
          // No traffic at all: the ratio and the quantile would be NaN or empty.
          interval: "1m",
          input_series: [requests(stablePod, "200", 100)],
          promql_expr_test: [expectValue("canary:error_rate", 0), expectValue("canary:latency_p95_ms", 0)],
        },
        {
          // Half the requests under 100 ms, all under 250 ms: p95 interpolates to 235 ms.
          interval: "1m",
          input_series: [bucket("100", 50), bucket("250", 100), bucket("500", 100), bucket("+Inf", 100)],
          promql_expr_test: [expectValue("canary:latency_p95_ms", 235)],
        },
        {
          // Buckets exist but saw no requests in the window: histogram_quantile gives NaN.
          interval: "1m",
          input_series: ["100", "250", "+Inf"].map((le) => ({ ...bucket(le, 0), values: "5x10" })),
          promql_expr_test: [expectValue("canary:latency_p95_ms", 0)],
        },
      ],
    };
    writeFileSync(path.join(dir, "rules.yaml"), stringify(rules));
    writeFileSync(path.join(dir, "tests.yaml"), stringify(tests));
    const result = runTool(promtool, ["test", "rules", "tests.yaml"], dir);
    expect(result.stdout + result.stderr).toContain("SUCCESS");
    expect(result.status).toBe(0);
  });
});
