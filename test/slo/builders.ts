/** Spec builders for the SLO tests: a valid spec, and copies with one field changed. */
import type { SloSpecInput } from "../../slo/index.js";

type SloInput = SloSpecInput["slos"][number];

/** A valid latency SLO. */
export function latencySlo(overrides: Partial<SloInput> = {}): SloInput {
  return {
    name: "latency",
    description: "p95 under 500 ms",
    objective: 95,
    sli: {
      type: "latency",
      metric: "http_request_duration_seconds",
      thresholdSeconds: 0.5,
      buckets: [0.1, 0.25, 0.5, 1, 2.5],
    },
    alerting: { runbookBaseUrl: "https://runbooks.example.com/slo" },
    ...overrides,
  };
}

/** A valid ratio SLO counting 5xx as bad. */
export function errorRateSlo(overrides: Partial<SloInput> = {}): SloInput {
  return {
    name: "error-rate",
    description: "fewer than 0.1% 5xx",
    objective: 99.9,
    sli: {
      type: "ratio",
      total: { metric: "http_requests_total" },
      bad: { selector: { status: { op: "=~", value: "5.." } } },
      testLabels: { good: { status: "200" }, bad: { status: "500" } },
    },
    alerting: { runbookBaseUrl: "https://runbooks.example.com/slo" },
    ...overrides,
  };
}

/** A valid spec for service `demo` with the given SLOs. */
export function specInput(slos: readonly SloInput[] = [errorRateSlo(), latencySlo()]): SloSpecInput {
  return { service: "demo", selector: { namespace: "demo", service: "demo" }, slos: [...slos] };
}
