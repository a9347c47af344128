/**
 * Labels of the synthetic requests in the generated promtool tests. Equality matchers give them for
 * free; regex and negative matchers need `sli.testLabels`, and the spec is rejected when the chosen
 * labels would not exercise the SLI (a bad request that the bad selector does not count, ...).
 */
import { problem } from "./problem.js";
import {
  equalityLabels,
  type LabelSelector,
  type LabelSet,
  labelsMatch,
  type Matcher,
  matchersOf,
} from "./selector.js";
import type { LatencySli, RatioSli, Sli } from "./spec-types.js";

/** The full label sets of one good and one bad synthetic request. */
export interface RequestLabels {
  readonly good: LabelSet;
  readonly bad: LabelSet;
}

/** Labels of the synthetic good and bad requests of a ratio SLI. */
export function ratioRequestLabels(service: LabelSelector, sli: RatioSli): RequestLabels {
  const base = equalityLabels(matchersOf(service, sli.total.selector));
  if (sli.testLabels)
    return { good: { ...base, ...sli.testLabels.good }, bad: { ...base, ...sli.testLabels.bad } };
  const eventLabels = equalityLabels(matchersOf(sli.bad?.selector ?? sli.good?.selector));
  return sli.bad
    ? { good: base, bad: { ...base, ...eventLabels } }
    : { good: { ...base, ...eventLabels }, bad: base };
}

/** Labels of a synthetic request of a latency SLI (the compiler adds `le`). */
export function latencyRequestLabels(service: LabelSelector, sli: LatencySli): LabelSet {
  return { ...equalityLabels(matchersOf(service, sli.selector)), ...sli.testLabels };
}

/** Problems with the synthetic request labels of an SLI (empty when the generated tests are sound). */
export function testLabelProblems(service: LabelSelector, sli: Sli): readonly string[] {
  const hint =
    'set sli.testLabels to concrete label values that satisfy the selectors, e.g. { status: "500" }';
  const out: string[] = [];
  const expect = (labels: LabelSet, matchers: readonly Matcher[], want: boolean, what: string) => {
    if (labelsMatch(labels, matchers) !== want) {
      out.push(
        problem(
          `the generated test series ${JSON.stringify(labels)} ${want ? "does not match" : "also matches"} the ${what}`,
          "test labels that match the total selector, and the event selector for its own kind only",
          hint,
        ),
      );
    }
  };
  if (sli.type === "latency") {
    expect(latencyRequestLabels(service, sli), matchersOf(service, sli.selector), true, "latency selector");
    return out;
  }
  const { good, bad } = ratioRequestLabels(service, sli);
  const total = matchersOf(service, sli.total.selector);
  expect(good, total, true, "total selector (good request)");
  expect(bad, total, true, "total selector (bad request)");
  if (sli.bad) {
    const events = matchersOf(service, sli.bad.selector);
    expect(bad, events, true, "bad selector (bad request)");
    expect(good, events, false, "bad selector (good request)");
  } else if (sli.good) {
    const events = matchersOf(service, sli.good.selector);
    expect(good, events, true, "good selector (good request)");
    expect(bad, events, false, "good selector (bad request)");
  }
  return out;
}
