import { Validator } from "../validation";
import { isDnsLabel, isPinnedImage, parseQuantity, quantityAtMost } from "./k8s-validation";
import { DEFAULT_CANARY_STEPS, rolloutSteps } from "./rollout-delivery";
import type { WebServiceProps } from "./web-service-props";

/** Ports the Istio sidecar owns inside every pod. */
const ISTIO_PORTS = [15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090];
/** Longest name whose derived names fit: the `<name>-delivery` Helm release (53). */
export const MAX_NAME_LENGTH = 44;

/** Checks every WebService prop and throws one error listing all problems. */
export function validateWebService(path: string, p: WebServiceProps, port: number): void {
  const v = new Validator(`WebService ${path}`);
  v.check(
    isDnsLabel(p.name, MAX_NAME_LENGTH),
    "name",
    p.name,
    `a DNS label of at most ${MAX_NAME_LENGTH} characters`,
    "use lower-case letters, digits and dashes, e.g. user-service",
  );
  v.check(
    isDnsLabel(p.namespace.namespaceName),
    "namespace",
    p.namespace.namespaceName,
    "a DNS label",
    "pass the AppNamespace the service runs in",
  );
  v.check(
    isPinnedImage(p.image),
    "image",
    p.image,
    "an image pinned to a tag other than latest, or to a @sha256 digest",
    "e.g. ghcr.io/acme/user-service:1.4.2",
  );
  v.check(
    Number.isInteger(port) && port >= 1 && port <= 65535,
    "port",
    port,
    "a whole number from 1 to 65535",
    "the port the container listens on, e.g. 8080",
  );
  v.check(
    !ISTIO_PORTS.includes(port),
    "port",
    port,
    `not an Istio sidecar port (${ISTIO_PORTS.join(", ")})`,
    "the sidecar listens there; pick e.g. 8080",
  );
  v.check(
    p.metricsPath === undefined || /^\/[\w./-]*$/.test(p.metricsPath),
    "metricsPath",
    p.metricsPath,
    "an absolute URL path",
    "the path the app serves Prometheus metrics on, e.g. /metrics",
  );
  v.check(
    Number.isInteger(p.replicas) && p.replicas >= 1,
    "replicas",
    p.replicas,
    "a whole number of at least 1",
    "the HPA's minimum; 2 or more for availability",
  );
  v.check(
    Number.isInteger(p.maxReplicas) && p.maxReplicas >= p.replicas,
    "maxReplicas",
    p.maxReplicas,
    `a whole number of at least replicas (${p.replicas})`,
    "raise maxReplicas or lower replicas",
  );
  v.check(
    !p.highAvailability || p.replicas >= 2,
    "replicas",
    p.replicas,
    "at least 2 when highAvailability is set",
    "one replica cannot survive a zone or node loss",
  );
  checkResources(v, "", p.requests, p.limits);
  if (p.sidecarResources)
    checkResources(v, "sidecarResources.", p.sidecarResources.requests, p.sidecarResources.limits);
  for (const name of Object.keys(p.env ?? {})) {
    v.check(
      /^[A-Za-z_][A-Za-z0-9_]*$/.test(name),
      "env",
      name,
      "a variable name of letters, digits and underscores",
      "e.g. LOG_LEVEL",
    );
  }
  if (p.databaseUrlSecret) {
    v.check(
      !("DATABASE_URL" in (p.env ?? {})),
      "env.DATABASE_URL",
      p.env?.DATABASE_URL,
      "unset when databaseUrlSecret is given",
      "DATABASE_URL comes from the Secret; never put it in plain env",
    );
    v.check(
      /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(p.databaseUrlSecret.name),
      "databaseUrlSecret.name",
      p.databaseUrlSecret.name,
      "a Secret name (DNS subdomain)",
      "the Secret in the service's namespace",
    );
    v.check(
      /^[-._a-zA-Z0-9]+$/.test(p.databaseUrlSecret.key),
      "databaseUrlSecret.key",
      p.databaseUrlSecret.key,
      "a Secret data key",
      "e.g. DATABASE_URL or url",
    );
  }
  v.check(
    p.hosts.length > 0,
    "hosts",
    p.hosts,
    "at least one host name",
    "the external name(s) the gateway serves, e.g. users.example.com",
  );
  const badHosts = p.hosts.filter((h) => !/^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/.test(h));
  v.check(
    badHosts.length === 0,
    "hosts",
    badHosts,
    "DNS names, optionally with a leading *.",
    "e.g. users.example.com",
  );
  v.check(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(p.gateway),
    "gateway",
    p.gateway,
    "<namespace>/<name> of an Istio Gateway",
    "e.g. istio-ingress/public",
  );
  v.check(
    p.topologyKey === undefined || /^([a-z0-9.-]+\/)?[A-Za-z0-9._-]+$/.test(p.topologyKey),
    "topologyKey",
    p.topologyKey,
    "a node label key",
    "e.g. topology.kubernetes.io/zone",
  );
  const cpu = p.targetCpuUtilizationPercent;
  v.check(
    cpu === undefined || (Number.isInteger(cpu) && cpu >= 1 && cpu <= 100),
    "targetCpuUtilizationPercent",
    cpu,
    "a whole number from 1 to 100",
    "70 leaves headroom for a traffic spike while new pods start",
  );
  if ((p.strategy ?? "rolling") === "canary") checkCanary(v, p);
  v.throwIfAny();
}

function checkResources(
  v: Validator,
  prefix: string,
  requests: { cpu: string; memory: string },
  limits: { cpu: string; memory: string },
): void {
  for (const r of ["cpu", "memory"] as const) {
    for (const [kind, value] of [
      ["requests", requests[r]],
      ["limits", limits[r]],
    ] as const) {
      v.check(
        parseQuantity(value) !== undefined,
        `${prefix}${kind}.${r}`,
        value,
        "a Kubernetes quantity",
        "write e.g. 250m, 1, 256Mi or 1Gi",
      );
    }
    if (parseQuantity(requests[r]) === undefined || parseQuantity(limits[r]) === undefined) continue;
    v.check(
      quantityAtMost(requests[r], limits[r]),
      `${prefix}requests.${r}`,
      requests[r],
      `at most ${prefix}limits.${r} (${limits[r]})`,
      "lower the request or raise the limit",
    );
  }
}

function checkCanary(v: Validator, p: WebServiceProps): void {
  v.check(
    p.rolloutsRelease !== undefined,
    "rolloutsRelease",
    undefined,
    "the Argo Rollouts release, required by strategy canary",
    "pass the release that installs the Rollout CRDs",
  );
  const steps = p.canarySteps ?? DEFAULT_CANARY_STEPS;
  v.check(
    steps.length > 0,
    "canarySteps",
    steps,
    "at least one step",
    "e.g. 5% for 10 minutes, 25% for 20 minutes, then 100%",
  );
  steps.forEach((s, i) => {
    const prev = steps[i - 1]?.weightPercent ?? 0;
    v.check(
      Number.isInteger(s.weightPercent) && s.weightPercent >= 1 && s.weightPercent <= 100,
      `canarySteps[${i}].weightPercent`,
      s.weightPercent,
      "a whole number from 1 to 100",
      "a share of requests in percent",
    );
    v.check(
      s.weightPercent > prev,
      `canarySteps[${i}].weightPercent`,
      s.weightPercent,
      `more than the previous step (${prev})`,
      "weights must increase, e.g. 5, 25, 100",
    );
    v.check(
      Number.isInteger(s.pauseMinutes) && s.pauseMinutes >= 0,
      `canarySteps[${i}].pauseMinutes`,
      s.pauseMinutes,
      "a whole number of at least 0",
      "0 moves on once the canary is ready",
    );
  });
  checkStartingStep(v, p, rolloutSteps(steps).length);
}

function checkStartingStep(v: Validator, p: WebServiceProps, stepCount: number): void {
  const start = p.analysis?.startingStep;
  v.check(
    start === undefined || (Number.isInteger(start) && start >= 0 && start < stepCount),
    "analysis.startingStep",
    start,
    `a Rollout step index from 0 to ${stepCount - 1}`,
    "unset starts the analysis with the first step",
  );
  const templates = p.analysisTemplates ?? [];
  const wrongKind = templates.filter((t) => t.kind !== "AnalysisTemplate").map((t) => t.kind);
  v.check(
    wrongKind.length === 0,
    "analysisTemplates",
    wrongKind,
    "argoproj.io/v1alpha1 AnalysisTemplate objects",
    "ClusterAnalysisTemplates are delivered by the platform, not per service",
  );
  const foreign = templates.filter(
    (t) => t.metadata.namespace !== undefined && t.metadata.namespace !== p.namespace.namespaceName,
  );
  v.check(
    foreign.length === 0,
    "analysisTemplates",
    foreign.map((t) => `${t.metadata.namespace}/${t.metadata.name}`),
    `templates in namespace ${p.namespace.namespaceName} (or none set)`,
    "a Rollout only reads AnalysisTemplates from its own namespace",
  );
  const names = [...templates.map((t) => t.metadata.name), ...(p.analysis?.templateNames ?? [])];
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  v.check(
    dup === undefined,
    "analysis.templateNames",
    dup,
    "names not repeated, nor already given in analysisTemplates",
    "each template runs once per analysis",
  );
}
