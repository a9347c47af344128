/**
 * The one-shot setup {@link Logging} runs against its Elasticsearch, without a live API at plan
 * time: a Job, run by Helm as a post-install/post-upgrade hook of its own release, that
 * - PUTs the index lifecycle policy (hot, then delete after the retention) and an index template
 *   applying it to the log indices;
 * - copies the elastic user's Secret and the HTTP CA into the namespaces listed to share them with
 *   (server-side apply through the Kubernetes API, allowed by a Role in each of those namespaces:
 *   `create` on Secrets, `get` and `patch` on the two names).
 * Request bodies are built as objects and serialized with JSON.stringify into a ConfigMap.
 */
// Types only: kubernetes-models ships ES modules without a `require` export, which the CommonJS
// synth cannot load. Tests build the classes from these objects and validate them.
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { IRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import type { IRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { APPLICATION_NODE_SELECTOR, RESTRICTED_CONTAINER } from "./observability-common";

/** Pinned curl image (uid 100) that runs the setup requests. */
export const CURL_IMAGE = "curlimages/curl:8.15.0";

export interface BootstrapOptions {
  /** Name of the Elasticsearch resource; the ECK Secrets are named after it. */
  readonly elasticsearchName: string;
  readonly namespace: string;
  readonly elasticsearchUrl: string;
  readonly policyName: string;
  readonly indexPrefix: string;
  readonly retentionDays: number;
  readonly replicas: number;
  readonly shareWithNamespaces: readonly string[];
}

/** The ILM policy: indices stay hot, and are deleted `retentionDays` after creation. */
export function ilmPolicy(retentionDays: number) {
  return {
    policy: {
      _meta: { managed_by: "platform Logging construct" },
      phases: {
        hot: { min_age: "0ms", actions: { set_priority: { priority: 100 } } },
        delete: { min_age: `${retentionDays}d`, actions: { delete: {} } },
      },
    },
  };
}

/** An index template that applies the policy to `<indexPrefix>-*`. */
export function indexTemplate(policyName: string, indexPrefix: string, replicas: number) {
  return {
    index_patterns: [`${indexPrefix}-*`],
    priority: 200,
    template: {
      settings: { "index.lifecycle.name": policyName, "index.number_of_replicas": replicas },
    },
    _meta: { managed_by: "platform Logging construct" },
  };
}

/** Names of the ECK-generated Secrets. */
export function eckSecretNames(elasticsearchName: string) {
  return {
    elasticUser: `${elasticsearchName}-es-elastic-user`,
    httpCa: `${elasticsearchName}-es-http-certs-public`,
  };
}

function sharedSecret(name: string, key: string, placeholder: string) {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name, labels: { "app.kubernetes.io/managed-by": "logging-bootstrap" } },
    type: "Opaque",
    data: { [key]: placeholder },
  };
}

const RETRY =
  "--fail-with-body --silent --show-error --retry 30 --retry-delay 10 --retry-all-errors --retry-connrefused";

function script(o: BootstrapOptions): string {
  const secrets = eckSecretNames(o.elasticsearchName);
  const lines = [
    "set -eu",
    `RETRY="${RETRY}"`,
    'es_put() { curl $RETRY --cacert /es-ca/ca.crt -u "elastic:$(cat /es-user/elastic)" -H "Content-Type: application/json" -X PUT --data-binary "@/bodies/$2" "$ES$1"; echo; }',
    `ES="${o.elasticsearchUrl}"`,
    `es_put "/_ilm/policy/${o.policyName}" ilm-policy.json`,
    `es_put "/_index_template/${o.policyName}" index-template.json`,
  ];
  if (o.shareWithNamespaces.length > 0) {
    lines.push(
      "SA=/var/run/secrets/kubernetes.io/serviceaccount",
      'apply_secret() { curl $RETRY --cacert "$SA/ca.crt" -H "Authorization: Bearer $(cat "$SA/token")" -H "Content-Type: application/apply-patch+yaml" -X PATCH --data-binary "@$3" "https://kubernetes.default.svc/api/v1/namespaces/$1/secrets/$2?fieldManager=logging-bootstrap&force=true" > /dev/null; }',
      'sed "s|__ELASTIC__|$(base64 -w0 /es-user/elastic)|" /bodies/elastic-user-secret.json > /work/elastic-user-secret.json',
      'sed "s|__CA__|$(base64 -w0 /es-ca/ca.crt)|" /bodies/ca-secret.json > /work/ca-secret.json',
      `for NS in ${o.shareWithNamespaces.join(" ")}; do`,
      `  apply_secret "$NS" ${secrets.elasticUser} /work/elastic-user-secret.json`,
      `  apply_secret "$NS" ${secrets.httpCa} /work/ca-secret.json`,
      '  echo "shared credentials with $NS"',
      "done",
    );
  }
  return lines.join("\n");
}

/** The objects of the bootstrap release; the Job is a Helm hook, re-created on every upgrade. */
export function bootstrapObjects(o: BootstrapOptions) {
  const name = `${o.elasticsearchName}-bootstrap`;
  const secrets = eckSecretNames(o.elasticsearchName);
  const sharing = o.shareWithNamespaces.length > 0;
  const bodies: IConfigMap = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: o.namespace },
    data: {
      "ilm-policy.json": JSON.stringify(ilmPolicy(o.retentionDays)),
      "index-template.json": JSON.stringify(indexTemplate(o.policyName, o.indexPrefix, o.replicas)),
      "elastic-user-secret.json": JSON.stringify(sharedSecret(secrets.elasticUser, "elastic", "__ELASTIC__")),
      "ca-secret.json": JSON.stringify(sharedSecret(secrets.httpCa, "ca.crt", "__CA__")),
    },
  };
  const account: IServiceAccount = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name, namespace: o.namespace },
    automountServiceAccountToken: sharing,
  };
  // One Role per namespace the Secrets are copied into: server-side apply of an object that does not
  // exist yet needs `create`, which RBAC cannot limit to resource names, so `create` is confined to
  // the target namespaces instead of granted cluster-wide.
  const rbac: (IRole | IRoleBinding)[] = o.shareWithNamespaces.flatMap((ns) => [
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: `${o.namespace}-${name}`, namespace: ns },
      rules: [
        { apiGroups: [""], resources: ["secrets"], verbs: ["create"] },
        {
          apiGroups: [""],
          resources: ["secrets"],
          resourceNames: [secrets.elasticUser, secrets.httpCa],
          verbs: ["get", "patch"],
        },
      ],
    } satisfies IRole,
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: `${o.namespace}-${name}`, namespace: ns },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: `${o.namespace}-${name}` },
      subjects: [{ kind: "ServiceAccount", name, namespace: o.namespace }],
    } satisfies IRoleBinding,
  ]);
  const job: IJob = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name,
      namespace: o.namespace,
      annotations: {
        "helm.sh/hook": "post-install,post-upgrade",
        "helm.sh/hook-delete-policy": "before-hook-creation",
      },
    },
    spec: {
      backoffLimit: 3,
      activeDeadlineSeconds: 540,
      template: {
        spec: {
          serviceAccountName: name,
          automountServiceAccountToken: sharing,
          restartPolicy: "Never",
          nodeSelector: { ...APPLICATION_NODE_SELECTOR },
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 100,
            runAsGroup: 101,
            fsGroup: 101,
            seccompProfile: { type: "RuntimeDefault" },
          },
          containers: [
            {
              name: "bootstrap",
              image: CURL_IMAGE,
              command: ["/bin/sh", "-c", script(o)],
              resources: {
                requests: { cpu: "10m", memory: "16Mi" },
                limits: { cpu: "100m", memory: "64Mi" },
              },
              securityContext: {
                ...RESTRICTED_CONTAINER,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
              },
              volumeMounts: [
                { name: "bodies", mountPath: "/bodies", readOnly: true },
                { name: "es-user", mountPath: "/es-user", readOnly: true },
                { name: "es-ca", mountPath: "/es-ca", readOnly: true },
                { name: "work", mountPath: "/work" },
              ],
            },
          ],
          volumes: [
            { name: "bodies", configMap: { name } },
            { name: "es-user", secret: { secretName: secrets.elasticUser } },
            { name: "es-ca", secret: { secretName: secrets.httpCa } },
            { name: "work", emptyDir: { sizeLimit: "1Mi" } },
          ],
        },
      },
    },
  };
  return { bodies, account, rbac, job };
}
