/**
 * The zod schema of an SLO spec. Every message follows `problem()` (what, allowed, hint); the path
 * and the received value are added when the problems are collected (spec-error.ts).
 */
import { z } from "zod";
import { burnReachable, errorBudget } from "./budget.js";
import { lowestBurnRate, PAGE_CONDITIONS } from "./burn-rates.js";
import { dec } from "./decimal.js";
import { DURATION_PATTERN } from "./duration.js";
import { problem } from "./problem.js";
import { isValidRegex } from "./selector.js";
import { testLabelProblems } from "./test-labels.js";

const KEBAB = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const kebabName = (what: string) =>
  z
    .string()
    .max(63, problem(`${what} is too long`, "at most 63 characters", "shorten it"))
    .regex(KEBAB, problem(`${what} is not kebab-case`, "a-z, 0-9 and '-'", 'e.g. "user-service"'));

const metricName = z
  .string()
  .regex(
    METRIC,
    problem("not a Prometheus metric name", "[a-zA-Z_:][a-zA-Z0-9_:]*", "e.g. http_requests_total"),
  );

const labelName = z
  .string()
  .regex(LABEL, problem("not a label name", "[a-zA-Z_][a-zA-Z0-9_]*", 'e.g. "namespace"'))
  .refine(
    (n) => !n.startsWith("__"),
    problem("reserved label name", "names not starting with '__'", "use a plain label"),
  );

const matcherObject = z
  .strictObject({
    op: z.enum(["=", "!=", "=~", "!~"], {
      error: problem("unknown match operator", '"=", "!=", "=~", "!~"', 'write { op: "=~", value: "5.." }'),
    }),
    value: z.string(),
  })
  .refine(
    (m) => !m.op.includes("~") || isValidRegex(m.value),
    problem("invalid regular expression", "an RE2 regular expression", "test the pattern; it is anchored"),
  );

const selector = z
  .record(labelName, z.union([z.string(), matcherObject]))
  .refine(
    (s) => Object.keys(s).length > 0,
    problem(
      "empty selector",
      "at least one label matcher",
      'add a matcher such as { namespace: "user-service" } or omit the field',
    ),
  );

const labelSet = z.record(labelName, z.string());

const eventQuery = z.strictObject({ metric: metricName, selector: selector.optional() });

const ratioSli = z
  .strictObject({
    type: z.literal("ratio"),
    total: eventQuery,
    bad: eventQuery.partial({ metric: true }).optional(),
    good: eventQuery.partial({ metric: true }).optional(),
    testLabels: z.strictObject({ good: labelSet, bad: labelSet }).optional(),
  })
  .superRefine((sli, ctx) => {
    if ((sli.bad === undefined) === (sli.good === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["bad"],
        message: problem(
          "a ratio SLI needs exactly one of bad and good",
          "either bad events or good events (each over total)",
          'set bad: { selector: { status: { op: "=~", value: "5.." } } } and remove good, or the reverse',
        ),
      });
    }
  })
  .transform((sli) => ({
    ...sli,
    bad: sli.bad && { metric: sli.bad.metric ?? sli.total.metric, selector: sli.bad.selector },
    good: sli.good && { metric: sli.good.metric ?? sli.total.metric, selector: sli.good.selector },
  }));

const latencySli = z
  .strictObject({
    type: z.literal("latency"),
    metric: metricName.refine(
      (m) => !/_(bucket|count|sum)$/.test(m),
      problem("histogram base name expected", "the name without _bucket/_count/_sum", "drop the suffix"),
    ),
    thresholdSeconds: z.number().positive(problem("threshold must be positive", "> 0 seconds", "e.g. 0.5")),
    buckets: z
      .array(z.number().positive().finite())
      .min(1, problem("no buckets", "the histogram's bucket bounds", "copy them from the instrumentation"))
      .refine(
        (b) => b.every((v, i) => i === 0 || v > b[i - 1]!),
        problem(
          "buckets not strictly increasing",
          "ascending distinct bounds",
          "sort them and drop duplicates",
        ),
      ),
    selector: selector.optional(),
    testLabels: labelSet.optional(),
  })
  .superRefine((sli, ctx) => {
    if (!sli.buckets.includes(sli.thresholdSeconds)) {
      ctx.addIssue({
        code: "custom",
        path: ["thresholdSeconds"],
        message: problem(
          "threshold is not a bucket",
          `one of the declared buckets [${sli.buckets.join(", ")}]`,
          "the SLI counts the _bucket series whose le equals the threshold; add a bucket or pick one",
        ),
      });
    }
    if (sli.selector && "le" in sli.selector) {
      ctx.addIssue({
        code: "custom",
        path: ["selector", "le"],
        message: problem("le is set by the compiler", "selectors without le", "remove le from the selector"),
      });
    }
  });

const sli = z.discriminatedUnion("type", [ratioSli, latencySli], {
  error: problem("unknown SLI type", '"ratio" or "latency"', 'set sli.type to "ratio" or "latency"'),
});

const policy = (severity: "critical" | "warning", forDefault: string) =>
  z
    .strictObject({
      enabled: z.boolean().default(true),
      severity: z
        .enum(["critical", "warning", "info"], {
          error: problem(
            "unknown severity",
            '"critical", "warning", "info"',
            "Alertmanager routes on these three",
          ),
        })
        .default(severity),
      for: z
        .string()
        .regex(
          DURATION_PATTERN,
          problem("not a Prometheus duration", "e.g. 0m, 2m, 1h", "write 2m, not 2 or 2min"),
        )
        .default(forDefault),
    })
    .prefault({});

const slo = z
  .strictObject({
    name: kebabName("SLO name"),
    description: z.string().min(1, problem("empty description", "a sentence", "say what the SLO protects")),
    objective: z
      .number(problem("objective must be a number", "a percentage", "write 99.9 for 99.9%"))
      .gt(
        0,
        problem(
          "objective must be above 0",
          "0 < objective < 100 (percent)",
          "write 99.9 for 99.9%, not 0.999",
        ),
      )
      .lt(
        100,
        problem(
          "objective must be below 100",
          "0 < objective < 100 (percent)",
          "100% leaves no error budget; use e.g. 99.99",
        ),
      ),
    window: z
      .literal("30d", {
        error: problem(
          "unknown window",
          '"30d" (rolling)',
          "burn-rate thresholds are tuned for 30 days; use 30d",
        ),
      })
      .default("30d"),
    sli,
    alerting: z.strictObject({
      page: policy("critical", "2m"),
      ticket: policy("warning", "15m"),
      runbookBaseUrl: z.url({
        protocol: /^https?$/,
        error: problem(
          "runbook base URL is not an http(s) URL",
          "https://...",
          "e.g. https://runbooks.example.com/slo",
        ),
      }),
    }),
    canary: z
      .strictObject({
        enabled: z.boolean().default(true),
        failureErrorRatePercent: z
          .number()
          .gt(0, problem("canary failure rate must be above 0", "0 < percent <= 100", "e.g. 1 for 1%"))
          .lte(100, problem("canary failure rate above 100%", "0 < percent <= 100", "e.g. 1 for 1%"))
          .default(1),
        failureLatencySeconds: z
          .number()
          .positive(problem("canary failure latency must be positive", "> 0 seconds", "e.g. 1"))
          .default(1),
      })
      .prefault({}),
  })
  .superRefine((s, ctx) => {
    const budget = errorBudget(s.objective);
    if (s.alerting.page.enabled && !burnReachable(lowestBurnRate(PAGE_CONDITIONS), budget)) {
      ctx.addIssue({
        code: "custom",
        path: ["alerting", "page", "enabled"],
        message: problem(
          `a ${s.objective}% objective cannot burn 6x its budget, so the page alert could never fire`,
          "objective > 83.34 with paging enabled",
          "raise the objective or set alerting.page.enabled: false",
        ),
      });
    }
    if (s.canary.enabled && s.sli.type === "ratio") {
      const failure = dec(s.canary.failureErrorRatePercent).shiftLeft(2);
      if (failure.compare(budget) <= 0) {
        ctx.addIssue({
          code: "custom",
          path: ["canary", "failureErrorRatePercent"],
          message: problem(
            "canary failure threshold is not above the success threshold",
            `a percentage above the error budget (${budget.shiftLeft(-2).toString()}%)`,
            "the gap between them is the inconclusive band; e.g. 1",
          ),
        });
      }
    }
    if (
      s.canary.enabled &&
      s.sli.type === "latency" &&
      s.canary.failureLatencySeconds <= s.sli.thresholdSeconds
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["canary", "failureLatencySeconds"],
        message: problem(
          "canary failure latency is not above the SLO threshold",
          `seconds above ${s.sli.thresholdSeconds}`,
          "the gap between them is the inconclusive band; e.g. twice the threshold",
        ),
      });
    }
  });

/** The zod schema of one service's SLO spec. */
export const sloSpecSchema = z
  .strictObject({
    service: kebabName("service name"),
    selector,
    slos: z.array(slo).min(1, problem("no SLOs", "at least one SLO", "add an entry to slos")),
  })
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.slos.forEach((s, i) => {
      if (seen.has(s.name)) {
        ctx.addIssue({
          code: "custom",
          path: ["slos", i, "name"],
          message: problem("duplicate SLO name", "names unique within the service", "rename one of them"),
        });
      }
      seen.add(s.name);
      for (const message of testLabelProblems(spec.selector, s.sli)) {
        ctx.addIssue({ code: "custom", path: ["slos", i, "sli", "testLabels"], message });
      }
    });
  });
