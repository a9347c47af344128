import { describe, expect, it } from "vitest";
import { parseSloSpec, SloSpecError, userServiceSpec } from "../../slo/index.js";
import { errorRateSlo, latencySlo, specInput } from "./builders.js";

/** Parses and returns the SloSpecError (fails the test if parsing succeeds). */
function problemsOf(input: unknown): SloSpecError {
  try {
    parseSloSpec(input, "SLO spec test");
  } catch (e) {
    if (e instanceof SloSpecError) return e;
    throw e;
  }
  throw new Error("expected the spec to be rejected");
}

function problemAt(error: SloSpecError, path: string) {
  const found = error.problems.find((p) => p.path === path);
  if (!found) throw new Error(`no problem at ${path}; got:\n${error.message}`);
  return found;
}

describe("parseSloSpec", () => {
  it("accepts a valid spec and applies defaults", () => {
    const spec = parseSloSpec(specInput());
    const slo = spec.slos[0]!;
    expect(slo.window).toBe("30d");
    expect(slo.alerting.page).toEqual({ enabled: true, severity: "critical", for: "2m" });
    expect(slo.alerting.ticket).toEqual({ enabled: true, severity: "warning", for: "15m" });
    expect(slo.canary).toEqual({ enabled: true, failureErrorRatePercent: 1, failureLatencySeconds: 1 });
    expect(slo.sli.type === "ratio" && slo.sli.bad?.metric).toBe("http_requests_total");
  });

  it.each([
    [0, "objective must be above 0"],
    [-1, "objective must be above 0"],
    [100, "objective must be below 100"],
    [100.5, "objective must be below 100"],
  ])("rejects objective %s", (objective, what) => {
    const p = problemAt(problemsOf(specInput([errorRateSlo({ objective })])), "slos[0].objective");
    expect(p.message).toContain(what);
    expect(p.message).toContain("allowed: 0 < objective < 100 (percent)");
    expect(p.message).toContain("hint:");
    expect(p.received).toBe(String(objective));
  });

  it("rejects an unknown window", () => {
    const input = specInput([errorRateSlo({ window: "7d" as "30d" })]);
    const p = problemAt(problemsOf(input), "slos[0].window");
    expect(p.message).toMatch(/^unknown window; allowed: "30d" \(rolling\); hint: /);
    expect(p.received).toBe('"7d"');
  });

  it("rejects a latency threshold that is not a bucket", () => {
    const sli = { type: "latency" as const, metric: "h", thresholdSeconds: 0.3, buckets: [0.1, 0.5] };
    const p = problemAt(problemsOf(specInput([latencySlo({ sli })])), "slos[0].sli.thresholdSeconds");
    expect(p.message).toContain("threshold is not a bucket");
    expect(p.message).toContain("allowed: one of the declared buckets [0.1, 0.5]");
    expect(p.received).toBe("0.3");
  });

  it("rejects empty selectors (service and event)", () => {
    const input = {
      ...specInput([errorRateSlo({ sli: { type: "ratio", total: { metric: "t" }, bad: { selector: {} } } })]),
      selector: {},
    };
    const error = problemsOf(input);
    for (const path of ["selector", "slos[0].sli.bad.selector"]) {
      const p = problemAt(error, path);
      expect(p.message).toContain("empty selector; allowed: at least one label matcher; hint:");
      expect(p.received).toBe("{}");
    }
  });

  it("lists every problem in one error, each with path, received value, allowed values and hint", () => {
    const input = {
      service: "demo",
      selector: {},
      slos: [
        errorRateSlo({ objective: 0, window: "1w" as "30d" }),
        latencySlo({
          objective: 100,
          sli: { type: "latency", metric: "h", thresholdSeconds: 0.3, buckets: [0.5] },
        }),
      ],
    };
    const error = problemsOf(input);
    expect(error.problems.map((p) => p.path)).toEqual([
      "selector",
      "slos[0].objective",
      "slos[0].window",
      "slos[1].objective",
      "slos[1].sli.thresholdSeconds",
    ]);
    expect(error.message).toMatch(/^Invalid SLO spec test \(5 problems\):\n/);
    for (const line of error.message.split("\n").slice(1)) {
      expect(line).toMatch(/^ {2}- \S+: .+; allowed: .+; hint: .+ \(received: .+\)$/);
    }
  });

  it("requires exactly one of bad and good", () => {
    const sli = { type: "ratio" as const, total: { metric: "t" } };
    expect(problemAt(problemsOf(specInput([errorRateSlo({ sli })])), "slos[0].sli.bad").message).toContain(
      "exactly one of bad and good",
    );
  });

  it("rejects test labels that would not exercise the SLI", () => {
    const sli = {
      type: "ratio" as const,
      total: { metric: "t" },
      bad: { selector: { status: { op: "=~" as const, value: "5.." } } },
    };
    const p = problemAt(problemsOf(specInput([errorRateSlo({ sli })])), "slos[0].sli.testLabels");
    expect(p.message).toContain("does not match the bad selector (bad request)");
    expect(p.message).toContain("hint: set sli.testLabels");
  });

  it("rejects unknown fields, duplicate names and canary thresholds below the SLO", () => {
    const error = problemsOf(
      specInput([
        { ...errorRateSlo(), canary: { failureErrorRatePercent: 0.05 } },
        { ...errorRateSlo(), objectve: 99 } as ReturnType<typeof errorRateSlo>,
      ]),
    );
    expect(problemAt(error, "slos[0].canary.failureErrorRatePercent").message).toContain(
      "not above the success threshold",
    );
    expect(problemAt(error, "slos[1]").received).toBe("unknown field(s) objectve");
  });

  it("rejects a page tier that could never fire", () => {
    const p = problemAt(
      problemsOf(specInput([errorRateSlo({ objective: 80 })])),
      "slos[0].alerting.page.enabled",
    );
    expect(p.message).toContain("cannot burn 6x its budget");
  });
});

describe("user-service spec", () => {
  it("holds the three SLOs of the issue", () => {
    expect(userServiceSpec.service).toBe("user-service");
    expect(userServiceSpec.slos.map((s) => [s.name, s.objective, s.sli.type])).toEqual([
      ["availability", 99.9, "ratio"],
      ["latency", 95, "latency"],
      ["error-rate", 99.9, "ratio"],
    ]);
    const latency = userServiceSpec.slos[1]!.sli;
    expect(latency.type === "latency" && [latency.metric, latency.thresholdSeconds]).toEqual([
      "http_request_duration_seconds",
      0.5,
    ]);
  });
});
