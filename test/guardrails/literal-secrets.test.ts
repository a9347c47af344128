/**
 * Scans every synthesized stack for secrets written as literals: an attribute named like a password,
 * token or key whose value is a plain string rather than a reference (`${...}`) to where the secret
 * lives. Helm values are parsed and scanned the same way.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { readStack } from "../helpers";

const SECRET_KEY = /(password|passwd|secret|token|private_?key|secret_?key|access_?key|api_?key)$/i;
/** Keys that name a secret's location or settings, not the secret itself. */
const NOT_A_SECRET = /(_arn|_id|_name|_file|_strategy|_kms_key_id|existingsecret|secretname|_ref)$/i;

function literalSecrets(node: unknown, path: string[] = []): string[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => literalSecrets(v, [...path, String(i)]));
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) => {
    const here = [...path, key];
    if (key === "values" && Array.isArray(value) && value.every((v) => typeof v === "string")) {
      return value.flatMap((text, i) => literalSecrets(parse(text as string), [...here, String(i)]));
    }
    if (
      typeof value === "string" &&
      value !== "" && // an empty placeholder, filled out of band, is not a secret
      SECRET_KEY.test(key) &&
      !NOT_A_SECRET.test(key) &&
      !value.includes("${")
    ) {
      return [`${here.join(".")} = ${JSON.stringify(value.slice(0, 12))}`];
    }
    return literalSecrets(value, here);
  });
}

describe("no literal secrets", () => {
  const outdir = inject("synthDir");
  const stacks = readdirSync(join(outdir, "stacks")).sort();

  it.each(stacks)("finds no password, token or key literal in %s", (stack) => {
    expect(literalSecrets(readStack(outdir, stack).resource)).toEqual([]);
  });

  it("would catch one", () => {
    const ref = (address: string) => ["$", "{", address, "}"].join(""); // a Terraform reference
    expect(
      literalSecrets({
        aws_db_instance: {
          Db: { password: "hunter2", master_user_secret_kms_key_id: ref("aws_kms_key.k.arn") },
        },
        helm_release: { Grafana: { values: ["grafana:\n  adminPassword: admin\n"] } },
        aws_elasticache_replication_group: {
          Cache: { auth_token: ref("aws_secretsmanager_secret_version.t.secret_string") },
        },
      }),
    ).toEqual([
      'aws_db_instance.Db.password = "hunter2"',
      'helm_release.Grafana.values.0.grafana.adminPassword = "admin"',
    ]);
  });
});
