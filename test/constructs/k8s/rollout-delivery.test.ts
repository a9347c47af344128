import { Rollout } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout";
import { describe, expect, it } from "vitest";
import { canaryRollout, DEFAULT_CANARY_STEPS, rolloutSteps } from "../../../constructs/k8s/rollout-delivery";

describe("rolloutSteps", () => {
  it("maps the default 5%/10m, 25%/20m, 100% to setWeight and pause, promoting at the end", () => {
    expect(rolloutSteps(DEFAULT_CANARY_STEPS)).toEqual([
      { setWeight: 5 },
      { pause: { duration: "10m" } },
      { setWeight: 25 },
      { pause: { duration: "20m" } },
    ]);
  });

  it("omits pauses of 0 minutes but keeps a held 100% step", () => {
    expect(
      rolloutSteps([
        { weightPercent: 20, pauseMinutes: 0 },
        { weightPercent: 50, pauseMinutes: 15 },
        { weightPercent: 100, pauseMinutes: 10 },
      ]),
    ).toEqual([
      { setWeight: 20 },
      { setWeight: 50 },
      { pause: { duration: "15m" } },
      { setWeight: 100 },
      { pause: { duration: "10m" } },
    ]);
  });
});

describe("canaryRollout", () => {
  const rollout = canaryRollout({
    name: "user-service",
    namespace: "user-service",
    labels: { "app.kubernetes.io/name": "user-service" },
    selector: { "app.kubernetes.io/name": "user-service" },
    template: {
      metadata: { labels: { "app.kubernetes.io/name": "user-service" } },
      spec: { containers: [{ name: "user-service", image: "ghcr.io/acme/user-service:1.4.2" }] },
    },
    canaryService: "user-service-canary",
    stableService: "user-service-stable",
    virtualServiceName: "user-service",
    destinationRuleName: "user-service",
    steps: DEFAULT_CANARY_STEPS,
    analysisTemplateNames: ["user-service-error-rate"],
    analysisStartingStep: 0,
  });

  it("passes the Rollout schema and aborts when progress stalls", () => {
    expect(() => new Rollout(rollout).validate()).not.toThrow();
    expect(rollout.spec.progressDeadlineAbort).toBe(true);
    expect(rollout.spec.strategy?.canary?.analysis?.startingStep).toBe(0);
  });

  it("declares no replica count, which the HPA owns and a Helm upgrade would otherwise reset", () => {
    expect(rollout.spec).not.toHaveProperty("replicas");
  });
});
