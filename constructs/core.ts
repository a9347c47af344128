/**
 * The one module that imports the CDK for Terraform core (`cdktf`).
 *
 * Upstream CDKTF was archived in December 2025 and 0.21.0 is its final release. The community fork,
 * cdktn, keeps the same construct model. Every other file imports framework symbols from here (Biome
 * rejects a direct `cdktf` import elsewhere), so the move is a change to this file, package.json and
 * the provider packages' names.
 */

export type { IAspect, TerraformResourceLifecycle } from "cdktf";
export {
  Annotations,
  App,
  Aspects,
  AssetType,
  AzurermBackend,
  dependable,
  Fn,
  Lazy,
  LocalBackend,
  S3Backend,
  TerraformAsset,
  TerraformElement,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  Testing,
  Token,
} from "cdktf";

import { type TerraformResource, TerraformStack } from "cdktf";

export type { IConstruct } from "constructs";
export { Construct } from "constructs";

/**
 * Runs `fn` without cdktf's per-token stack traces, unless `DEBUG` is set.
 *
 * cdktf 0.21 records a complete stack trace (no depth limit) every time it creates a token, and
 * shows it only when that token later fails to resolve. Formatting those traces is about a tenth of
 * a full synth. While `fn` runs, a trace captured onto a plain object (which is what cdktf does)
 * formats as empty; an `Error` keeps its usual stack. Set `DEBUG=1` to get the token traces back.
 */
export function withoutTokenTraces<T>(fn: () => T): T {
  if (process.env.DEBUG) return fn();
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (target: unknown, frames: NodeJS.CallSite[]) => {
    if (!(target instanceof Error)) return "";
    if (previous) return previous(target, frames);
    return [Error.prototype.toString.call(target), ...frames.map(String)].join("\n    at ");
  };
  try {
    return fn();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

const importsByStack = new WeakMap<TerraformStack, { id: string; to: string }[]>();

/**
 * Adopts an existing object into `resource` on the next apply: a stack-level Terraform `import`
 * block, the same JSON as cdktf's `importFrom`, without the check cdktf attaches to it, which runs
 * `terraform version` on every synth (so a machine without Terraform could not synthesize at all,
 * and every synth paid for a child process). Every stack already requires Terraform >= 1.11.4 in
 * `required_version`, which Terraform enforces; import blocks need 1.5.
 */
export function importExisting(resource: TerraformResource, id: string): void {
  const stack = TerraformStack.of(resource);
  const imports = importsByStack.get(stack) ?? [];
  imports.push({ id, to: `${resource.terraformResourceType}.${resource.friendlyUniqueId}` });
  importsByStack.set(stack, imports);
  stack.addOverride(
    "import",
    imports.map((i) => ({ ...i })),
  );
}

/** How cdktf marks a string token before synthesis turns it into a Terraform expression. */
const STRING_TOKEN_START = "${TfToken[";

/**
 * Escapes Terraform template sequences in text that must reach its destination verbatim, such as
 * Grafana's `${datasource}` or Fluent Bit's `${ENV}` inside a serialized values document.
 *
 * cdktf hands any `${...}` it finds in a string to Terraform as an expression, so a literal one fails
 * the plan ("Invalid reference"). Here `${` becomes `$${` and `%{` becomes `%%{`, which Terraform
 * turns back into the literal text, while cdktf's own token markers are left alone, so references
 * to other resources still resolve.
 */
export function escapeTemplateSequences(text: string): string {
  return text
    .replace(/\$\{/g, (match, offset: number) =>
      text.startsWith(STRING_TOKEN_START, offset) ? match : "$${",
    )
    .replace(/%\{/g, () => "%%{");
}
