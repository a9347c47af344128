import { describe, expect, it } from "vitest";
import { evaluate } from "../../policy/engine.js";
import { ref } from "../../policy/lib/fixture.js";
import { findLiteralSecrets, isSecretName, literalSecretsOf, redact } from "../../policy/lib/secrets.js";
import { loadRules } from "../../policy/registry.js";
import { indexStack } from "../../policy/stack-index.js";
import type { ResourceView, StackDoc } from "../../policy/types.js";
import { testContext } from "./helpers.js";

const view = (type: string, values: Record<string, unknown>, name = "x"): ResourceView => ({
  type,
  name,
  address: `${type}.${name}`,
  values,
});
const paths = (v: ResourceView) => literalSecretsOf(v).map((h) => h.path);

describe("literal secrets", () => {
  it("knows secret names from the names of their location and settings", () => {
    for (const name of [
      "password",
      "master_password",
      "secret_string",
      "secret_string_wo",
      "password_wo",
      "auth_token",
      "adminPassword",
      "client_secret",
      "private_key",
      "access_key",
      "connection_string",
      "token",
      "grafana.adminPassword",
    ]) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of [
      "password_wo_version",
      "secret_arn",
      "secret_id",
      "existingSecret",
      "secretName",
      "password_file",
      "passwordKey",
      "kms_key_id",
      "auth_token_update_strategy",
      "tokens_per_fill",
      "name",
    ]) {
      expect(isSecretName(name), name).toBe(false);
    }
  });

  it("finds literals at any depth, in name/value pairs and in URLs, and skips references and placeholders", () => {
    expect(
      findLiteralSecrets({
        password: "hunter2",
        empty: { password: "" },
        reference: { password: ref("random_password.p.result") },
        escaped: { token: "$${TOKEN}" },
        nested: [{ api_key: 12345 }],
        env: [
          { name: "DB_PASSWORD", value: "s3cret" },
          { name: "LOG_LEVEL", value: "warn" },
          { name: "API_TOKEN", valueFrom: { secretKeyRef: { name: "s", key: "k" } } },
        ],
        url: "postgres://app:s3cret@db.internal:5432/app",
        urlRef: `postgres://app:${ref("random_password.p.result")}@db:5432/app`,
        urlUser: `postgresql://user_service@${ref("aws_db_instance.d.address")}:5432/postgres`,
        "//": { metadata: { password: "not scanned" } },
      }).map((h) => h.path),
    ).toEqual(["password", "nested[0].api_key", "env[0] (DB_PASSWORD)", "url"]);
  });

  it("reads helm values (YAML and JSON), set and set_sensitive", () => {
    const release = view("helm_release", {
      values: [
        "grafana:\n  adminPassword: admin\n  admin:\n    existingSecret: grafana-admin\n",
        JSON.stringify({ auth: { token: "t0k3n", secret: "" }, image: { tag: "1.0" } }),
        ref("yamlencode(local.values)"),
        "{ not yaml: [",
      ],
      set: [
        { name: "redis.password", value: "p4ss" },
        { name: "replicaCount", value: "2" },
      ],
      set_sensitive: [
        { name: "anything", value: "literal" },
        { name: "fromSecret", value: ref("random_password.p.result") },
      ],
    });
    expect(paths(release)).toEqual([
      "values[0].grafana.adminPassword",
      "values[1].auth.token",
      "set_sensitive[0] (anything)",
      "set[0] (redis.password)",
    ]);
  });

  it("reads Kubernetes Secret data, resources and manifests, except user names", () => {
    expect(
      paths(
        view("kubernetes_secret_v1", {
          data: {
            "admin-user": "admin",
            "admin-password": "admin",
            url: ref("aws_db_instance.d.address"),
            webhook: "",
          },
          string_data: { "tls.key": "-----BEGIN PRIVATE KEY-----" },
        }),
      ),
    ).toEqual(["data.admin-password", "string_data.tls.key"]);
    expect(
      paths(
        view("helm_release", {
          values: [
            JSON.stringify({
              manifests: [
                {
                  apiVersion: "v1",
                  kind: "Secret",
                  metadata: { name: "s" },
                  stringData: { username: "u", "api-key": "k" },
                },
                {
                  apiVersion: "v1",
                  kind: "ConfigMap",
                  metadata: { name: "c" },
                  data: { "api-key": "not a secret key" },
                },
              ],
            }),
          ],
        }),
      ),
    ).toEqual(["values[0].manifests[0].stringData.api-key"]);
    expect(
      paths(view("kubernetes_manifest", { manifest: { kind: "Secret", data: { password: "cGFzcw==" } } })),
    ).toEqual(["manifest.data.password"]);
  });

  it("checks variables, outputs, providers, data sources and the terraform block too", async () => {
    const doc: StackDoc = {
      variable: {
        db_password: { type: "string", default: "hunter2" },
        region: { type: "string", default: "eu-west-1" },
        token: { type: "string", sensitive: true },
        key: { type: "string", sensitive: true, default: "abc" },
      },
      provider: { helm: [{ registry: [{ url: "oci://r", username: "u", password: "p" }] }] },
      data: { http: { api: { request_headers: { Authorization: "Bearer x", api_token: "t" } } } },
      output: {
        db_password: { value: "hunter2" },
        endpoint: { value: ref("aws_db_instance.d.address") },
        admin: { value: "x1", sensitive: true },
      },
      terraform: { backend: { s3: { bucket: "b", access_key: "AKIA0000" } } },
    };
    const blocks = indexStack(doc).blocks.map((b) => b.address);
    expect(blocks).toEqual([
      "data.http.api",
      "provider.helm",
      "var.db_password",
      "var.region",
      "var.token",
      "var.key",
      "output.db_password",
      "output.endpoint",
      "output.admin",
      "terraform",
    ]);
    const rule = (await loadRules()).filter((r) => r.id === "PLAT-SECRET-001");
    expect(
      evaluate("prod", doc, testContext(), rule, { waivers: [] }).map((f) => `${f.address}: ${f.message}`),
    ).toEqual([
      `data.http.api: request_headers.api_token is a literal "t…" (1 chars); expected a reference (${ref("...")}) to where the secret lives`,
      `provider.helm: registry[0].password is a literal "p…" (1 chars); expected a reference (${ref("...")}) to where the secret lives`,
      `var.db_password: default is a literal "hu…" (7 chars); expected a reference (${ref("...")}) to where the secret lives`,
      `var.key: default is a literal "ab…" (3 chars); expected a reference (${ref("...")}) to where the secret lives`,
      `output.db_password: value is a literal "hu…" (7 chars); expected a reference (${ref("...")}) to where the secret lives`,
      `output.admin: value is a literal "x1…" (2 chars); expected a reference (${ref("...")}) to where the secret lives`,
      `terraform: backend.s3.access_key is a literal "AK…" (8 chars); expected a reference (${ref("...")}) to where the secret lives`,
    ]);
  });

  it("never prints the secret", () => {
    expect(redact("correct-horse-battery")).toBe('"co…" (21 chars)');
    expect(redact(1234)).toBe('"12…" (4 chars)');
  });
});
