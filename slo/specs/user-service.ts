/**
 * SLOs of `user-service`, from the "SLOs as code" issue.
 *
 * Selector labels: `namespace` and `service` are the labels kube-prometheus-stack's ServiceMonitor
 * scraping attaches (`service` = the Kubernetes Service name); together they pin the service's own
 * series even where another workload in the namespace exports the same metric names.
 */
import { parseSloSpec } from "../spec.js";
import type { SloSpec } from "../spec-types.js";

const runbookBaseUrl = "https://runbooks.example.com/slo";

/** Bucket bounds of `http_request_duration_seconds` (the Prometheus client default buckets). */
export const USER_SERVICE_LATENCY_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;

/** The parsed SLO spec of user-service: availability, latency and error rate. */
export const userServiceSpec: SloSpec = parseSloSpec(
  {
    service: "user-service",
    selector: { namespace: "user-service", service: "user-service" },
    slos: [
      {
        name: "availability",
        description: "99.9% of user-service HTTP requests are answered without a 5xx",
        objective: 99.9,
        window: "30d",
        sli: {
          type: "ratio",
          total: { metric: "http_requests_total" },
          good: { selector: { status: { op: "!~", value: "5.." } } },
          testLabels: { good: { status: "200" }, bad: { status: "503" } },
        },
        alerting: { runbookBaseUrl },
        // Same signal as error-rate; the canary gate uses error-rate only.
        canary: { enabled: false },
      },
      {
        name: "latency",
        description: "95% of user-service HTTP requests complete within 500 ms (p95 < 500 ms)",
        objective: 95,
        window: "30d",
        sli: {
          type: "latency",
          metric: "http_request_duration_seconds",
          thresholdSeconds: 0.5,
          buckets: [...USER_SERVICE_LATENCY_BUCKETS],
        },
        alerting: { runbookBaseUrl },
        canary: { failureLatencySeconds: 1 },
      },
      {
        name: "error-rate",
        description: "Fewer than 0.1% of user-service HTTP requests fail with a 5xx",
        objective: 99.9,
        window: "30d",
        sli: {
          type: "ratio",
          total: { metric: "http_requests_total" },
          bad: { selector: { status: { op: "=~", value: "5.." } } },
          testLabels: { good: { status: "200" }, bad: { status: "500" } },
        },
        alerting: { runbookBaseUrl },
        canary: { failureErrorRatePercent: 1 },
      },
    ],
  },
  "SLO spec slo/specs/user-service.ts",
);
