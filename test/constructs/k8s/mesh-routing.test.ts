import { DestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";
import { VirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";
import { describe, expect, it } from "vitest";
import {
  CIRCUIT_BREAKER_DEFAULTS,
  destinationRule,
  type MeshRoutingOptions,
  virtualService,
} from "../../../constructs/k8s/mesh-routing";

const options: MeshRoutingOptions = {
  name: "user-service",
  namespace: "user-service",
  serviceHost: "user-service.user-service.svc.cluster.local",
  port: 8080,
  hosts: ["users.example.com"],
  gateway: "istio-ingress/public",
  canary: false,
  subsetLabels: { "app.kubernetes.io/name": "user-service" },
  circuitBreaker: { ...CIRCUIT_BREAKER_DEFAULTS, consecutive5xxErrors: 3, maxEjectionPercent: 30 },
};

describe("mesh routing", () => {
  it.each([false, true])("builds schema-valid objects (canary %s)", (canary) => {
    expect(() => new VirtualService(virtualService({ ...options, canary })).validate()).not.toThrow();
    expect(() => new DestinationRule(destinationRule({ ...options, canary })).validate()).not.toThrow();
  });

  it("splits into subsets only for a canary", () => {
    expect(destinationRule(options).spec).not.toHaveProperty("subsets");
    expect(destinationRule({ ...options, canary: true }).spec?.subsets?.map((s) => s.name)).toEqual([
      "stable",
      "canary",
    ]);
    expect(virtualService(options).spec?.http?.[0]?.route).toEqual([
      { destination: { host: options.serviceHost, port: { number: 8080 } } },
    ]);
  });

  it("applies circuit-breaker overrides on top of the defaults", () => {
    expect(destinationRule(options).spec?.trafficPolicy?.outlierDetection).toEqual({
      consecutive5xxErrors: 3,
      interval: "10s",
      baseEjectionTime: "30s",
      maxEjectionPercent: 30,
    });
  });

  it("serves in-mesh callers too", () => {
    const spec = virtualService(options).spec;
    expect(spec?.gateways).toEqual(["istio-ingress/public", "mesh"]);
    expect(spec?.hosts).toEqual(["users.example.com", options.serviceHost]);
  });
});
