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

/**
 * The metrics the app serves on its metrics path (the Prometheus client's HTTP instrumentation), and
 * the one its sidecar adds. Every series an SLO rule reads must be one of these families.
 */
export const USER_SERVICE_METRICS = {
  app: ["http_requests_total", "http_request_duration_seconds"],
  sidecar: ["istio_requests_total"],
} as const;

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
        // Measured by the pods' sidecars, not by the app: the requests the app never answered
        // (connection refused or reset, overflow, timeout: Envoy sets a response flag). An app that
        // is down cannot count its own failures, and the app's own 5xx are error-rate's signal, so
        // one incident never pages twice.
        name: "availability",
        description: "99.9% of user-service HTTP requests reach the app and get its answer",
        objective: 99.9,
        window: "30d",
        sli: {
          type: "ratio",
          total: { metric: "istio_requests_total", selector: { reporter: "destination" } },
          // Inbound only: the same sidecar also reports the app's outbound calls (reporter="source").
          bad: { selector: { reporter: "destination", response_flags: { op: "!=", value: "-" } } },
          testLabels: { good: { response_flags: "-" }, bad: { response_flags: "UF" } },
        },
        alerting: { runbookBaseUrl },
        // The canary gate uses error-rate and latency; the mesh's own failures show there too.
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
