/**
 * No literal secrets in any synthesized stack. The check is the policy rule PLAT-SECRET-001
 * (`policy/rules/secrets/no-literal-secrets.ts`), so `npm run policy` (and with it `.ci/deploy`)
 * refuses a stack holding one; this guardrail runs that rule over every stack of the test run's synth,
 * and shows that it catches the literals a careless change would write into a real stack.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { contextForStack } from "../../policy/context";
import { evaluate } from "../../policy/engine";
import { loadRules } from "../../policy/registry";
import type { Rule, StackDoc } from "../../policy/types";
import { readStack, synthDir } from "../helpers";

const RULE_ID = "PLAT-SECRET-001";

/** `${<expression>}`, built so the source holds no template-looking string. */
const ref = (expression: string) => ["$", "{", expression, "}"].join("");

describe("no literal secrets", async () => {
  const outdir = synthDir();
  const stacks = readdirSync(join(outdir, "stacks")).sort();
  const rule = (await loadRules()).find((r) => r.id === RULE_ID) as Rule;
  const secretsIn = (stack: string, doc: StackDoc) =>
    evaluate(stack, doc, contextForStack(stack), [rule], { waivers: [] }).map(
      (f) => `${f.address}: ${f.message}`,
    );

  it("is a rule of the policy run", () => {
    expect(rule?.severity).toBe("CRITICAL");
  });

  it.each(stacks)("finds no password, token or key literal in %s", (stack) => {
    expect(secretsIn(stack, readStack(outdir, stack) as StackDoc)).toEqual([]);
  });

  it("would catch literals written into a real stack, and not the references next to them", () => {
    // biome-ignore lint/suspicious/noExplicitAny: the synthesized JSON is untyped
    const doc = structuredClone(readStack(outdir, "staging")) as any;
    const only = (type: string, part: string) => {
      const name = Object.keys(doc.resource[type]).find((n) => n.includes(part))!;
      return { name, values: doc.resource[type][name] };
    };
    const db = only("aws_db_instance", "Primary");
    db.values.password = "hunter2";
    const version = only("aws_secretsmanager_secret_version", "MasterSecret");
    version.values.secret_string_wo = '{"password":"hunter2"}';
    const grafana = only("kubernetes_secret_v1", "GrafanaAdminSecret");
    grafana.values.data["admin-password"] = "admin";
    const prometheus = only("helm_release", "KubePrometheusStack");
    const values = JSON.parse(prometheus.values.values[0]);
    values.grafana.adminPassword = "prom-operator";
    prometheus.values.values[0] = JSON.stringify(values);
    prometheus.values.set_sensitive = [{ name: "grafana.adminPassword", value: "prom-operator" }];
    const cache = only("aws_elasticache_replication_group", "Cache");
    cache.values.auth_token = ref("aws_secretsmanager_secret_version.t.secret_string");

    expect(secretsIn("staging", doc)).toEqual([
      `aws_db_instance.${db.name}: password is a literal "hu…" (7 chars); expected a reference (${ref("...")}) to where the secret lives`,
      `aws_secretsmanager_secret_version.${version.name}: secret_string_wo is a literal "{"…" (22 chars); expected a reference (${ref("...")}) to where the secret lives`,
      `helm_release.${prometheus.name}: values[0].grafana.adminPassword is a literal "pr…" (13 chars); expected a reference (${ref("...")}) to where the secret lives`,
      `helm_release.${prometheus.name}: set_sensitive[0] (grafana.adminPassword) is a literal "pr…" (13 chars); expected a reference (${ref("...")}) to where the secret lives`,
      `kubernetes_secret_v1.${grafana.name}: data.admin-password is a literal "ad…" (5 chars); expected a reference (${ref("...")}) to where the secret lives`,
    ]);
  });
});
