import { describe, expect, it } from "vitest";
import { contextForStack } from "../../policy/context.js";
import { evaluate } from "../../policy/engine.js";
import { ref } from "../../policy/lib/fixture.js";
import { policyStatements } from "../../policy/lib/iam.js";
import {
  compliantWorkloads,
  deployment,
  GOOD_CONTAINER_HCL,
  helmRelease,
} from "../../policy/lib/k8s/fixtures.js";
import { helmValuesOf } from "../../policy/lib/k8s/helm.js";
import { unpinnedReason } from "../../policy/lib/k8s/image.js";
import { containersOf, workloadsOf } from "../../policy/lib/k8s/workloads.js";
import { companionsOf } from "../../policy/lib/s3.js";
import { blocks, dig, isSet, refersTo } from "../../policy/lib/values.js";
import { loadRules } from "../../policy/registry.js";
import { indexStack } from "../../policy/stack-index.js";
import { STATEFUL_TYPES } from "../../policy/stateful-types.js";
import type { ResourceView, StackDoc } from "../../policy/types.js";
import { testContext } from "./helpers.js";

const view = (type: string, values: Record<string, unknown>): ResourceView => ({
  type,
  name: "x",
  address: `${type}.x`,
  values,
});

describe("value helpers", () => {
  it("normalises nested blocks written as object or array", () => {
    expect(blocks({ a: 1 })).toEqual([{ a: 1 }]);
    expect(blocks([{ a: 1 }, { a: 2 }])).toEqual([{ a: 1 }, { a: 2 }]);
    expect(blocks(undefined)).toEqual([]);
    expect(dig({ spec: [{ template: { spec: [{ x: 1 }] } }] }, "spec.template.spec.x")).toBe(1);
  });

  it("treats interpolations as set and matches references on whole names", () => {
    expect(isSet(ref("aws_kms_key.k.arn"))).toBe(true);
    expect(refersTo(ref("aws_s3_bucket.logs.id"), "aws_s3_bucket.logs")).toBe(true);
    expect(refersTo(ref("aws_s3_bucket.logs2.id"), "aws_s3_bucket.logs")).toBe(false);
    expect(refersTo("aws_s3_bucket.logs", "aws_s3_bucket.logs")).toBe(false);
  });
});

describe("stack context", () => {
  it("maps the app's stacks to tiers and retention from the environment files", () => {
    expect(
      ["dev", "staging", "prod", "prod-blue", "prod-green", "bootstrap", "new"].map(
        (s) => contextForStack(s).tier,
      ),
    ).toEqual([
      "development",
      "staging",
      "production",
      "production",
      "production",
      "production",
      "production",
    ]);
    const admins = ["arn:aws:iam::111122223333:role/platform-deployer"];
    expect(contextForStack("dev")).toEqual({
      stack: "dev",
      tier: "development",
      minBackupRetentionDays: 7,
      adminRoleArns: admins,
    });
    expect(contextForStack("prod-blue")).toEqual({
      stack: "prod-blue",
      tier: "production",
      minBackupRetentionDays: 30,
      adminRoleArns: admins,
    });
    expect(contextForStack("bootstrap").adminRoleArns).toBeUndefined();
  });

  it("exports the stateful types the plan guard and PLAT-DATA-001 share", () => {
    expect(STATEFUL_TYPES).toContain("aws_db_instance");
    expect(STATEFUL_TYPES).toContain("azurerm_key_vault");
    expect(STATEFUL_TYPES).toHaveLength(28);
  });

  it("applies tier-gated rules only where they belong", async () => {
    const rules = (await loadRules()).filter((r) => ["PLAT-RDS-003", "PLAT-DATA-001"].includes(r.id));
    const doc: StackDoc = { resource: { aws_db_instance: { db: { multi_az: false } } } };
    expect(evaluate("dev", doc, testContext({ tier: "development" }), rules, { waivers: [] })).toEqual([]);
    const staging = evaluate("staging", doc, testContext({ tier: "staging" }), rules, { waivers: [] });
    expect(staging.map((f) => f.ruleId)).toEqual(["PLAT-DATA-001", "PLAT-RDS-003"]);
  });
});

describe("S3 companions", () => {
  const doc: StackDoc = {
    resource: {
      aws_s3_bucket: { data: { bucket: "acme-data" }, logs: { bucket: "acme-logs" } },
      aws_s3_bucket_versioning: {
        by_ref: { bucket: ref("aws_s3_bucket.data.id") },
        by_name: { bucket: "acme-data" },
        other: { bucket: ref("aws_s3_bucket.logs.id") },
      },
      aws_s3_bucket_logging: {
        data: { bucket: ref("aws_s3_bucket.data.id"), target_bucket: ref("aws_s3_bucket.logs.id") },
      },
    },
  };
  const stack = indexStack(doc);

  it("finds companions by reference or literal bucket name", () => {
    const bucket = stack.byAddress("aws_s3_bucket.data")!;
    expect(companionsOf(stack, "aws_s3_bucket_versioning", bucket).map((r) => r.name)).toEqual([
      "by_ref",
      "by_name",
    ]);
  });

  it("exempts the access-log target bucket from the logging rule", async () => {
    const rules = (await loadRules()).filter((r) => r.id === "PLAT-S3-009");
    expect(evaluate("prod", doc, testContext(), rules, { waivers: [] })).toEqual([]);
  });
});

describe("IAM policy documents", () => {
  const stack = indexStack({
    data: {
      aws_iam_policy_document: {
        doc: {
          statement: {
            actions: ["s3:GetObject"],
            resources: ["*"],
            principals: { type: "AWS", identifiers: ["*"] },
          },
        },
      },
    },
  });

  it("reads JSON strings, single statements and data.aws_iam_policy_document references", () => {
    expect(policyStatements('{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}', stack)).toEqual([
      {
        effect: "Deny",
        actions: ["*"],
        notActions: [],
        resources: ["*"],
        notResources: [],
        principals: [],
        hasCondition: false,
        conditions: [],
      },
    ]);
    expect(policyStatements(ref("data.aws_iam_policy_document.doc.json"), stack)).toEqual([
      {
        effect: "Allow",
        actions: ["s3:GetObject"],
        notActions: [],
        resources: ["*"],
        notResources: [],
        principals: [{ type: "AWS", identifiers: ["*"] }],
        hasCondition: false,
        conditions: [],
      },
    ]);
  });

  it("reads conditions and NotResource from JSON and from data sources alike", () => {
    const json = policyStatements(
      JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Action: "sts:AssumeRoleWithWebIdentity",
            NotResource: "arn:aws:s3:::x",
            Condition: { StringEquals: { "oidc.example/id/1:sub": "system:serviceaccount:a:b" } },
          },
        ],
      }),
      stack,
    );
    expect(json?.[0]).toMatchObject({
      notResources: ["arn:aws:s3:::x"],
      hasCondition: true,
      conditions: [
        { test: "StringEquals", variable: "oidc.example/id/1:sub", values: ["system:serviceaccount:a:b"] },
      ],
    });
    const data = indexStack({
      data: {
        aws_iam_policy_document: {
          d: {
            statement: {
              not_resources: ["arn:aws:s3:::x"],
              condition: { test: "StringLike", variable: "x:sub", values: ["a:*"] },
            },
          },
        },
      },
    });
    expect(policyStatements(ref("data.aws_iam_policy_document.d.json"), data)?.[0]).toMatchObject({
      notResources: ["arn:aws:s3:::x"],
      conditions: [{ test: "StringLike", variable: "x:sub", values: ["a:*"] }],
    });
  });

  it("gives up on what synth time cannot know", () => {
    expect(policyStatements(ref('jsonencode({"Statement" = []})'), stack)).toBeUndefined();
    expect(policyStatements(ref("data.aws_iam_policy_document.missing.json"), stack)).toBeUndefined();
    expect(policyStatements("{not json", stack)).toBeUndefined();
  });
});

describe("Kubernetes workloads", () => {
  it("reads a provider Deployment (snake_case HCL) in the Kubernetes API shape, keeping label keys", () => {
    const [w] = workloadsOf(
      view("kubernetes_deployment_v1", {
        ...deployment(GOOD_CONTAINER_HCL),
        spec: [
          {
            replicas: "3",
            template: [
              { metadata: [{ labels: { app_name: "api" } }], spec: [{ container: [GOOD_CONTAINER_HCL] }] },
            ],
          },
        ],
      }),
    );
    expect(w).toMatchObject({
      kind: "Deployment",
      name: "api",
      namespace: "shop",
      replicas: "3",
      style: "hcl",
    });
    expect(w!.templateLabels).toEqual({ app_name: "api" });
    const [c] = containersOf(w!);
    expect(dig(c!.spec, "securityContext.allowPrivilegeEscalation")).toBe(false);
    expect(dig(c!.spec, "resources.limits.memory")).toBe("512Mi");
  });

  it("reads Argo Rollouts and CronJobs from kubernetes_manifest", () => {
    const workloads = indexStack(compliantWorkloads())
      .ofType("kubernetes_manifest")
      .flatMap((r) => workloadsOf(r));
    expect(workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(["Rollout/web"]);
    const [cron] = workloadsOf(
      view("kubernetes_manifest", {
        manifest: {
          kind: "CronJob",
          metadata: { name: "report" },
          spec: {
            jobTemplate: { spec: { template: { spec: { containers: [{ name: "r", image: "r:1" }] } } } },
          },
        },
      }),
    );
    expect(containersOf(cron!).map((c) => c.name)).toEqual(["r"]);
  });

  it("reads Helm values YAML and set blocks, skipping interpolations", () => {
    const docs = helmValuesOf(
      view("helm_release", {
        ...helmRelease("replicaCount: 3\n", ref("yamlencode({})")),
        set: [
          { name: "controller.image.tag", value: "1.2.3" },
          { name: "podSecurityContext.runAsNonRoot", value: "true" },
        ],
      }),
    );
    expect(docs).toEqual([
      { source: "values[0]", doc: { replicaCount: 3 } },
      {
        source: "set",
        doc: { controller: { image: { tag: "1.2.3" } }, podSecurityContext: { runAsNonRoot: true } },
      },
    ]);
  });

  it("checks workloads delivered as raw manifests in helm_release values like any other", async () => {
    const rollout = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Rollout",
      metadata: { name: "api", namespace: "shop" },
      spec: { template: { spec: { containers: [{ name: "api", image: "api:1.0.0" }] } } },
    };
    const values = `manifests:\n  - ${JSON.stringify(rollout)}\n  - {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}\n`;
    const release = view("helm_release", helmRelease(values));
    expect(workloadsOf(release).map((w) => `${w.kind}/${w.name}`)).toEqual(["Rollout/api"]);
    const doc: StackDoc = { resource: { helm_release: { delivery: release.values } } };
    const findings = evaluate("prod", doc, testContext(), await loadRules(), { waivers: [] });
    expect(findings.map((f) => f.ruleId)).toContain("PLAT-K8S-008");
    expect(findings.find((f) => f.ruleId === "PLAT-K8S-008")?.message).toMatch(/runAsNonRoot/);
  });

  it("reads a values document that has Terraform references inside some scalars", () => {
    const text = `serviceAccount:\n  roleArn: ${ref("aws_iam_role.x.arn")}\nsecurityContext:\n  runAsUser: 0\n`;
    expect(helmValuesOf(view("helm_release", helmRelease(text)))).toEqual([
      {
        source: "values[0]",
        doc: { serviceAccount: { roleArn: ref("aws_iam_role.x.arn") }, securityContext: { runAsUser: 0 } },
      },
    ]);
  });

  it("reads a JSON values document whose references contain quotes, as synthesized", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, not a JavaScript template
    const arn = '${lower("ROLE")}';
    const text = `{\n  "securityContext": { "runAsUser": 0 },\n  "roleArn": "${arn}",\n  "literal": "$\${x}"\n}`;
    expect(() => JSON.parse(text)).toThrow();
    expect(helmValuesOf(view("helm_release", helmRelease(text)))).toEqual([
      {
        source: "values[0]",
        doc: { securityContext: { runAsUser: 0 }, roleArn: arn, literal: "$$" + "{x}" },
      },
    ]);
  });

  it("judges image pinning", () => {
    expect(unpinnedReason("nginx")).toBe("has no tag (pulls latest)");
    expect(unpinnedReason("registry:5000/nginx")).toBe("has no tag (pulls latest)");
    expect(unpinnedReason("nginx:latest")).toBe('uses tag "latest"');
    expect(unpinnedReason("nginx:1.27.2")).toBeUndefined();
    expect(unpinnedReason("nginx@sha256:abc")).toBeUndefined();
    expect(unpinnedReason(ref("var.image"))).toBeUndefined();
  });

  it("passes the fully compliant workload set against every rule", async () => {
    const findings = evaluate("prod", compliantWorkloads(), testContext(), await loadRules(), {
      waivers: [],
    });
    expect(findings.map((f) => `${f.ruleId} ${f.address}: ${f.message}`)).toEqual([]);
  });
});
