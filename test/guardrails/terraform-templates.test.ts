/**
 * Terraform reads every string in cdk.tf.json as a template: `${...}` is evaluated and `%{...}` is a
 * directive. Text meant for another tool (Grafana's `${datasource}`, Fluent Bit's `${ENV}`) must be
 * escaped as `$${` / `%%{`, or the plan fails with "Invalid reference". This scans every string of
 * every synthesized stack, Helm values included, and accepts only interpolations that are references
 * or function calls.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readStack, synthDir } from "../helpers";

/** Roots a Terraform expression may start with: a named value, a resource address, a function call. */
const REFERENCE = /^(data|var|local|module|each|count|self|path|terraform)\.|^[a-z][a-z0-9_]*\.[A-Za-z_]/;
const FUNCTION_CALL = /^([a-z][a-z0-9_]*::)*[a-z][a-z0-9_]*\(/;

/** The unescaped `${...}` expressions and `%{...}` directives of one string. */
function templateSequences(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(\$+|%+)\{/g)) {
    // `$${` and `%%{` are escapes: an even run of the sigil before `{` is literal text.
    if (match[1]!.length % 2 === 0) continue;
    const start = match.index + match[1]!.length - 1;
    let depth = 0;
    let end = start + 2;
    for (; end < text.length; end++) {
      if (text[end] === "{") depth++;
      else if (text[end] === "}" && depth-- === 0) break;
    }
    found.push(text.slice(start, end + 1));
  }
  return found;
}

function strings(node: unknown, path: string, out: Array<{ path: string; text: string }>): void {
  if (typeof node === "string") out.push({ path, text: node });
  else if (Array.isArray(node)) {
    for (const [i, v] of node.entries()) strings(v, `${path}[${i}]`, out);
  } else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) strings(value, `${path}.${key}`, out);
  }
}

/** Interpolations Terraform would reject or misread, as `path: sequence`. */
function suspiciousTemplates(doc: unknown): string[] {
  const all: Array<{ path: string; text: string }> = [];
  strings(doc, "", all);
  return all.flatMap(({ path, text }) =>
    templateSequences(text)
      .filter(
        (seq) => seq.startsWith("%") || !(REFERENCE.test(seq.slice(2)) || FUNCTION_CALL.test(seq.slice(2))),
      )
      .map((seq) => `${path}: ${seq}`),
  );
}

describe("Terraform template sequences", () => {
  it("finds unescaped literals and accepts references, calls and escapes", () => {
    const doc = {
      resource: {
        helm_release: {
          grafana: {
            // biome-ignore-start lint/suspicious/noTemplateCurlyInString: Terraform and Grafana syntax
            values: ['{"uid": "${datasource}", "env": "$${ENV}", "if": "%{ if x }"}'],
            role: "${aws_iam_role.x.arn}",
            remote: "${data.terraform_remote_state.prod.outputs.vpc}",
            call: '${lower("X")}',
            // biome-ignore-end lint/suspicious/noTemplateCurlyInString: Terraform and Grafana syntax
          },
        },
      },
    };
    expect(suspiciousTemplates(doc)).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the finding names the Grafana variable
      ".resource.helm_release.grafana.values[0]: ${datasource}",
      ".resource.helm_release.grafana.values[0]: %{ if x }",
    ]);
  });

  const outdir = synthDir();
  const stacks = readdirSync(join(outdir, "stacks")).sort();

  it.each(stacks)("%s interpolates only references and function calls", (stack) => {
    expect(suspiciousTemplates(readStack(outdir, stack))).toEqual([]);
  });
});
