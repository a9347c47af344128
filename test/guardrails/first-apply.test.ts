/**
 * Classes of defect that a real cluster or cloud would refuse on the first apply, checked over every
 * cluster stack (see the README's "First apply"). Each check reads the synthesized output only, so
 * it holds for whatever a later stack or cloud adds.
 */
import { describe, expect, it } from "vitest";
import { EKS_BUILT_IN_STORAGE_CLASSES } from "../../constructs/aws/ebs-storage-class";
import {
  type Attrs,
  CLUSTER_STACKS,
  type Delivered,
  deliveredObjects,
  readStack,
  resourcesOf,
  synthDir,
} from "../helpers";

/** Every string under a `storageClassName` or `storageClass` key, anywhere in a tree. */
function storageClassesIn(value: unknown): string[] {
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    (k === "storageClassName" || k === "storageClass") && typeof v === "string" ? [v] : storageClassesIn(v),
  );
}

/** Namespaces every cluster has before anything is installed. */
const BUILT_IN_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

/** `type.name` addresses a resource waits for, directly or through other resources. */
function upstreamOf(doc: Attrs, address: string): Set<string> {
  const resources = (doc.resource ?? {}) as Record<string, Record<string, Attrs>>;
  const seen = new Set<string>();
  const visit = (addr: string) => {
    const [type, name] = addr.split(".") as [string, string];
    for (const dep of (resources[type]?.[name]?.depends_on as string[] | undefined) ?? []) {
      if (!seen.has(dep)) {
        seen.add(dep);
        visit(dep);
      }
    }
  };
  visit(address);
  return seen;
}

/** The namespace each resource address creates: Namespace objects and releases with create_namespace. */
function namespaceCreators(doc: Attrs): Map<string, string> {
  const resources = (doc.resource ?? {}) as Record<string, Record<string, Attrs>>;
  const creators = new Map<string, string>();
  for (const [name, ns] of Object.entries(resources.kubernetes_namespace_v1 ?? {})) {
    creators.set(`kubernetes_namespace_v1.${name}`, String((ns.metadata as Attrs).name));
  }
  for (const [name, r] of Object.entries(resources.helm_release ?? {})) {
    if (r.create_namespace === true) creators.set(`helm_release.${name}`, String(r.namespace));
  }
  return creators;
}

interface PolicyRule {
  readonly apiGroups?: string[];
  readonly resources?: string[];
  readonly resourceNames?: string[];
  readonly verbs?: string[];
}

/** The script a Job's first container runs, as one string. */
function jobScript(job: Delivered): string {
  const spec = job.spec as { template: { spec: { containers: { command?: string[]; args?: string[] }[] } } };
  const c = spec.template.spec.containers[0]!;
  return [...(c.command ?? []), ...(c.args ?? [])].join(" ");
}

/**
 * What a Job's script server-side-applies: each `PATCH` with `application/apply-patch+yaml` to
 * `/namespaces/<ns>/<resource>/<name>`, where `<ns>` is a literal or the loop variable of
 * `for NS in a b c`.
 */
function serverSideApplies(script: string): { namespace: string; resource: string }[] {
  if (!/apply-patch\+yaml|--server-side/.test(script)) return [];
  const loop = /for NS in ([^;]+);/.exec(script)?.[1]?.trim().split(/\s+/) ?? [];
  const targets = [...script.matchAll(/\/namespaces\/([^/]+)\/([a-z]+)\//g)];
  return targets.flatMap(([, ns, resource]) =>
    (ns!.startsWith("$") ? loop : [ns!]).map((namespace) => ({ namespace, resource: resource! })),
  );
}

/** Rules bound to a service account in a namespace, through RoleBindings and ClusterRoleBindings. */
function rulesFor(objects: Delivered[], account: { name: string; namespace: string }, namespace: string) {
  const bindsAccount = (b: Delivered) =>
    ((b.subjects as { kind: string; name: string; namespace?: string }[]) ?? []).some(
      (s) => s.kind === "ServiceAccount" && s.name === account.name && s.namespace === account.namespace,
    );
  const roleOf = (b: Delivered) => {
    const ref = b.roleRef as { kind: string; name: string };
    return objects.find(
      (o) =>
        o.kind === ref.kind &&
        o.metadata.name === ref.name &&
        (ref.kind === "ClusterRole" || o.metadata.namespace === b.metadata.namespace),
    );
  };
  return objects
    .filter(
      (b) =>
        (b.kind === "ClusterRoleBinding" ||
          (b.kind === "RoleBinding" && b.metadata.namespace === namespace)) &&
        bindsAccount(b),
    )
    .flatMap((b) => ((roleOf(b)?.rules as PolicyRule[] | undefined) ?? []) as PolicyRule[]);
}

const grants = (rules: PolicyRule[], verb: string, resource: string) =>
  rules.some(
    (r) =>
      (r.apiGroups ?? []).includes("") &&
      ((r.resources ?? []).includes(resource) || (r.resources ?? []).includes("*")) &&
      ((r.verbs ?? []).includes(verb) || (r.verbs ?? []).includes("*")) &&
      // RBAC cannot authorize `create` by resource name: a rule with names never grants it.
      (verb !== "create" || (r.resourceNames ?? []).length === 0),
  );

describe.each(CLUSTER_STACKS)("first apply of %s", (stack) => {
  const doc = readStack(synthDir(), stack);
  const all = deliveredObjects(synthDir(), stack);
  const objects = all.map((d) => d.object);

  it("creates every StorageClass that a chart or object asks for, unless EKS ships it", () => {
    const created = Object.values(resourcesOf(doc, "kubernetes_storage_class_v1")).map(
      (sc) => (sc.metadata as { name: string }).name,
    );
    const releases = Object.values(resourcesOf(doc, "helm_release"));
    const used = releases.flatMap((r) =>
      ((r.values as string[] | undefined) ?? []).flatMap((v) => storageClassesIn(JSON.parse(v))),
    );
    expect(used.length).toBeGreaterThan(0);
    const missing = used.filter(
      (n) => !created.includes(n) && !(EKS_BUILT_IN_STORAGE_CLASSES as readonly string[]).includes(n),
    );
    expect([...new Set(missing)]).toEqual([]);
  });

  it("creates no Service before the load balancer controller's Service webhook serves", () => {
    const releases = resourcesOf(doc, "helm_release");
    const [controller] = Object.entries(releases).find(
      ([, r]) => r.chart === "aws-load-balancer-controller",
    )!;
    const webhook = `helm_release.${controller}`;
    // What the controller itself waits for (the nodes' ENIConfigs) can neither wait nor create Services.
    const beforeController = upstreamOf(doc, webhook);
    const early = ["helm_release", "kubernetes_service_v1"].flatMap((type) =>
      Object.keys(resourcesOf(doc, type))
        .map((name) => `${type}.${name}`)
        .filter(
          (address) =>
            address !== webhook && !beforeController.has(address) && !upstreamOf(doc, address).has(webhook),
        ),
    );
    expect(early).toEqual([]);
  });

  it("gives every object in a GitOps destination one owner: Argo CD's project refuses what Terraform delivers", () => {
    const project = objects.find((o) => o.kind === "AppProject")!;
    const spec = project.spec as {
      destinations: { namespace: string }[];
      namespaceResourceBlacklist?: { group: string; kind: string }[];
    };
    const refused = new Set((spec.namespaceResourceBlacklist ?? []).map((k) => `${k.group}/${k.kind}`));
    const destinations = new Set(spec.destinations.map((d) => d.namespace));
    const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.split("/")[0]! : "");
    const TYPED: Record<string, string> = {
      kubernetes_service_v1: "/Service",
      kubernetes_service_account_v1: "/ServiceAccount",
      kubernetes_secret_v1: "/Secret",
      kubernetes_horizontal_pod_autoscaler_v2: "autoscaling/HorizontalPodAutoscaler",
      kubernetes_pod_disruption_budget_v1: "policy/PodDisruptionBudget",
      kubernetes_resource_quota_v1: "/ResourceQuota",
      kubernetes_limit_range_v1: "/LimitRange",
    };
    const delivered = [
      ...objects
        .filter((o) => destinations.has(o.metadata.namespace ?? ""))
        .map((o) => `${groupOf(o.apiVersion)}/${o.kind}`),
      ...Object.entries(TYPED).flatMap(([type, kind]) =>
        Object.values(resourcesOf(doc, type))
          .filter((r) => destinations.has(String((r.metadata as { namespace?: string }).namespace)))
          .map(() => kind),
      ),
    ];
    expect(delivered.length).toBeGreaterThan(3);
    expect([...new Set(delivered)].filter((k) => !refused.has(k))).toEqual([]);
  });

  it("installs every release and object into a namespace that exists before it", () => {
    const creators = namespaceCreators(doc);
    const releases = (doc.resource as Record<string, Record<string, Attrs>>).helm_release ?? {};
    const missing: string[] = [];
    for (const [name, release] of Object.entries(releases)) {
      const address = `helm_release.${name}`;
      const upstream = upstreamOf(doc, address);
      const available = new Set([
        ...BUILT_IN_NAMESPACES,
        ...[...creators].filter(([addr]) => upstream.has(addr) || addr === address).map(([, ns]) => ns),
      ]);
      const delivered = all.filter((d) => d.release === release.name);
      const namespaces = [String(release.namespace), ...delivered.map((d) => d.object.metadata.namespace)];
      for (const ns of namespaces) {
        if (ns !== "undefined" && ns !== undefined && !available.has(ns))
          missing.push(`${release.name} -> ${ns}`);
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  it("gives every Job that server-side-applies objects `create` and `patch` where it writes", () => {
    const missing: string[] = [];
    for (const job of objects.filter((o) => o.kind === "Job")) {
      const spec = job.spec as { template: { spec: { serviceAccountName?: string } } };
      const account = {
        name: spec.template.spec.serviceAccountName ?? "default",
        namespace: job.metadata.namespace ?? "",
      };
      for (const target of serverSideApplies(jobScript(job))) {
        const rules = rulesFor(objects, account, target.namespace);
        for (const verb of ["create", "patch"]) {
          if (!grants(rules, verb, target.resource)) {
            missing.push(`${job.metadata.name}: ${verb} ${target.resource} in ${target.namespace}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

const ALL_STACKS = ["bootstrap", "dev", "staging", "prod", "prod-blue", "prod-green"] as const;

describe.each(ALL_STACKS)("database credentials in %s", (stack) => {
  const doc = readStack(synthDir(), stack);
  const instances = resourcesOf(doc, "aws_db_instance");

  it("creates read replicas only of sources whose master password RDS can replicate", () => {
    const refused = Object.entries(instances)
      .filter(([, r]) => r.replicate_source_db !== undefined)
      .map(([name, r]) => {
        const source = /aws_db_instance\.([^.]+)\.identifier/.exec(String(r.replicate_source_db))?.[1];
        return { name, source: source ? instances[source] : undefined };
      })
      .filter(({ source }) => source?.manage_master_user_password === true)
      .map(({ name }) => name);
    expect(refused).toEqual([]);
  });

  it("never reads a stored database credential, nor sets a password in a readable argument", () => {
    const data = (doc.data ?? {}) as Record<string, unknown>;
    expect(Object.keys(data)).not.toContain("aws_secretsmanager_secret_version");
    for (const r of Object.values(instances)) expect(r).not.toHaveProperty("password");
    // The master credential goes only through the write-only argument.
    for (const [name, v] of Object.entries(resourcesOf(doc, "aws_secretsmanager_secret_version"))) {
      if (name.includes("MasterSecret")) expect(v).not.toHaveProperty("secret_string");
    }
  });

  it("passes CloudFormation no parameter with edge whitespace (it trims them, so the stack drifts forever)", () => {
    const edged = Object.entries(resourcesOf(doc, "aws_serverlessapplicationrepository_cloudformation_stack"))
      .flatMap(([name, r]) =>
        Object.entries((r.parameters ?? {}) as Record<string, unknown>).map(([k, v]) => ({ name, k, v })),
      )
      .filter(({ v }) => typeof v === "string" && v !== v.trim())
      .map(({ name, k }) => `${name}.${k}`);
    expect(edged).toEqual([]);
  });

  it("retires every password that Terraform generated into a secret by rotating it on the first apply", () => {
    const generated = Object.keys(resourcesOf(doc, "random_password"));
    const versions = Object.entries(resourcesOf(doc, "aws_secretsmanager_secret_version")).filter(([, v]) =>
      generated.some((p) => JSON.stringify(v).includes(`random_password.${p}.`)),
    );
    const rotations = Object.values(resourcesOf(doc, "aws_secretsmanager_secret_rotation"));
    const lagging = versions
      .filter(([, v]) => !rotations.some((r) => r.secret_id === v.secret_id && r.rotate_immediately === true))
      .map(([name]) => name);
    expect(lagging).toEqual([]);
  });
});

describe("server-side apply detection", () => {
  it("reads the loop's namespaces and the resource of each PATCH", () => {
    const script =
      'apply() { curl -H "Content-Type: application/apply-patch+yaml" -X PATCH "https://k/api/v1/namespaces/$1/secrets/$2"; }; for NS in a b; do apply "$NS" x; done';
    expect(serverSideApplies(script)).toEqual([
      { namespace: "a", resource: "secrets" },
      { namespace: "b", resource: "secrets" },
    ]);
    expect(serverSideApplies("curl -X GET https://k/api/v1/namespaces/a/secrets/x")).toEqual([]);
  });

  it("never counts a named rule as granting create", () => {
    const named = [
      { apiGroups: [""], resources: ["secrets"], resourceNames: ["x"], verbs: ["create", "patch"] },
    ];
    expect(grants(named, "create", "secrets")).toBe(false);
    expect(grants(named, "patch", "secrets")).toBe(true);
  });
});

describe.each(ALL_STACKS)("access logging in %s", (stack) => {
  const doc = readStack(synthDir(), stack);

  it("turns a bucket's logging on only after the policy of a log bucket in the same stack admits S3's delivery", () => {
    const buckets = resourcesOf(doc, "aws_s3_bucket");
    const policies = resourcesOf(doc, "aws_s3_bucket_policy");
    let checked = 0;
    for (const [name, logging] of Object.entries(resourcesOf(doc, "aws_s3_bucket_logging"))) {
      // The target is the log bucket's name: a reference to it, or the literal name.
      const target = Object.entries(buckets).find(
        ([id, b]) =>
          logging.target_bucket === `\${aws_s3_bucket.${id}.bucket}` || b.bucket === logging.target_bucket,
      );
      if (!target) continue; // a log bucket managed elsewhere
      checked++;
      const policy = Object.entries(policies).find(
        ([, p]) => p.bucket === `\${aws_s3_bucket.${target[0]}.id}`,
      );
      expect(policy, `${name}: the log bucket ${String(logging.target_bucket)} has no policy`).toBeDefined();
      expect(logging.depends_on, name).toContain(`aws_s3_bucket_policy.${policy![0]}`);
    }
    expect(checked).toBe(Object.keys(resourcesOf(doc, "aws_s3_bucket_logging")).length);
  });
});
