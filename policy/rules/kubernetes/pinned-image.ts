import { stackOf } from "../../lib/fixture.js";
import {
  compliantWorkloads,
  deployment,
  GOOD_CONTAINER,
  GOOD_CONTAINER_HCL,
  helmRelease,
  rollout,
} from "../../lib/k8s/fixtures.js";
import { findKeys, helmValuesOf } from "../../lib/k8s/helm.js";
import { unpinnedReason } from "../../lib/k8s/image.js";
import { eachContainer, workloadRule } from "../../lib/k8s/rule.js";
import { isObject } from "../../lib/values.js";
import type { ResourceView, Rule, RuleFixtures } from "../../types.js";

function helmImageFindings(release: ResourceView): string[] {
  return helmValuesOf(release).flatMap(({ source, doc }) =>
    findKeys(doc, (k) => k === "image").flatMap(({ path, value }) => {
      if (typeof value === "string") {
        const reason = unpinnedReason(value);
        return reason === undefined
          ? []
          : [`helm ${source} ${path} "${value}" ${reason}; expected a pinned tag or digest`];
      }
      if (isObject(value) && value.tag === "latest") {
        return [`helm ${source} ${path}.tag is "latest"; expected a pinned version tag or digest`];
      }
      return [];
    }),
  );
}

/** Deployments are reproducible: the image is pinned to a tag other than latest, or a digest. */
const rule: Rule = workloadRule({
  id: "PLAT-K8S-011",
  checkov: "CKV_K8S_14",
  severity: "MEDIUM",
  description:
    'Every container image is pinned: a digest (@sha256:..., CKV_K8S_43) or a tag other than "latest"; never untagged (Helm: image.tag / image strings).',
  fix: "Reference images by version tag or, better, by digest (repo@sha256:...).",
  workload: eachContainer({ includeInit: true }, (c) => {
    const reason = unpinnedReason(c.spec.image);
    return reason === undefined
      ? undefined
      : `image ${JSON.stringify(c.spec.image)} ${reason}; expected a pinned tag or digest`;
  }),
  helm: helmImageFindings,
});
export default rule;

export const fixtures: RuleFixtures = {
  pass: compliantWorkloads(),
  fail: stackOf({
    kubernetes_deployment_v1: { api: deployment({ ...GOOD_CONTAINER_HCL, image: "ghcr.io/acme/api" }) },
    kubernetes_manifest: { web: rollout({ ...GOOD_CONTAINER, image: "ghcr.io/acme/web:latest" }) },
    helm_release: {
      worker: { ...helmRelease("image:\n  repository: ghcr.io/acme/worker\n  tag: latest\n"), set: [] },
      sidecar: { ...helmRelease(), set: [{ name: "sidecar.image", value: "busybox" }] },
    },
  }),
  attribute: "image",
};
