import { Validator } from "../validation";
import type { AppNamespaceProps } from "./app-namespace-props";
import { isDnsLabel, parseQuantity, quantityAtMost } from "./k8s-validation";

/** A SPIFFE principal as Istio spells it: `<trust domain>/ns/<namespace>/sa/<service account>`. */
const PRINCIPAL = /^[a-z0-9.-]+\/ns\/[a-z0-9-]+\/sa\/[a-z0-9.-]+$/;

/** Checks every AppNamespace prop (with its resolved defaults) and throws one error listing all problems. */
export function validateAppNamespace(
  path: string,
  props: AppNamespaceProps,
  resolved: { readonly limitsCpu: string; readonly limitsMemory: string; readonly metricsPath: string },
): void {
  const v = new Validator(`AppNamespace ${path}`);
  v.check(
    isDnsLabel(props.name, 47),
    "name",
    props.name,
    "a DNS label of at most 47 characters",
    "use lower-case letters, digits and dashes, e.g. user-service",
  );
  const quantities: [string, string][] = [
    ["quota.cpu", props.quota.cpu],
    ["quota.memory", props.quota.memory],
    ["quota.limitsCpu", resolved.limitsCpu],
    ["quota.limitsMemory", resolved.limitsMemory],
    ["defaultRequest.cpu", props.defaultRequest.cpu],
    ["defaultRequest.memory", props.defaultRequest.memory],
    ["defaultLimit.cpu", props.defaultLimit.cpu],
    ["defaultLimit.memory", props.defaultLimit.memory],
  ];
  for (const [field, value] of quantities) {
    v.check(
      parseQuantity(value) !== undefined,
      field,
      value,
      "a Kubernetes quantity",
      "write e.g. 500m, 2, 256Mi or 8Gi",
    );
  }
  v.check(
    Number.isInteger(props.quota.pods) && props.quota.pods >= 1,
    "quota.pods",
    props.quota.pods,
    "a whole number of at least 1",
    "count the replicas at maxReplicas plus a canary surge",
  );
  for (const r of ["cpu", "memory"] as const) {
    const [req, lim] = [props.defaultRequest[r], props.defaultLimit[r]];
    if (parseQuantity(req) === undefined || parseQuantity(lim) === undefined) continue;
    v.check(
      quantityAtMost(req, lim),
      `defaultRequest.${r}`,
      req,
      `at most defaultLimit.${r} (${lim})`,
      "lower the default request or raise the default limit",
    );
  }
  for (const [field, requests, limits] of [
    ["quota.limitsCpu", props.quota.cpu, resolved.limitsCpu],
    ["quota.limitsMemory", props.quota.memory, resolved.limitsMemory],
  ] as const) {
    if (parseQuantity(requests) === undefined || parseQuantity(limits) === undefined) continue;
    v.check(
      quantityAtMost(requests, limits),
      field,
      limits,
      `at least the requests quota (${requests})`,
      "limits cannot be below requests",
    );
  }
  const principals: [string, readonly string[] | undefined, string][] = [
    ["ingressPrincipals", props.ingressPrincipals, "without the gateway's principal no request gets in"],
    ["monitoringPrincipals", props.monitoringPrincipals, "omit the prop instead of passing []"],
  ];
  for (const [field, list, emptyHint] of principals) {
    if (list === undefined) continue;
    v.check(list.length > 0, field, list, "at least one principal", emptyHint);
    const bad = list.filter((p) => !PRINCIPAL.test(p));
    v.check(
      bad.length === 0,
      field,
      bad,
      "SPIFFE principals <trust-domain>/ns/<namespace>/sa/<service-account>",
      "e.g. cluster.local/ns/istio-ingress/sa/istio-ingress",
    );
  }
  v.check(
    props.podSecurityVersion === undefined || /^(latest|v1\.\d+)$/.test(props.podSecurityVersion),
    "podSecurityVersion",
    props.podSecurityVersion,
    "latest or v1.<minor>",
    "pin to the cluster's minor version, e.g. v1.33",
  );
  v.check(
    !props.istioRevision || isDnsLabel(props.istioRevision),
    "istioRevision",
    props.istioRevision,
    "a DNS label, or empty for the default revision",
    "the revision istiod was installed with, e.g. 1-30-5",
  );
  v.check(
    resolved.metricsPath.startsWith("/"),
    "metricsPath",
    props.metricsPath,
    "an absolute URL path",
    "e.g. /metrics",
  );
  v.throwIfAny();
}
