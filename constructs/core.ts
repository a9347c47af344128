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

import {
  App,
  Aspects,
  DefaultTokenResolver,
  dependable,
  StringConcat,
  TerraformElement,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  Token,
  Tokenization,
} from "cdktf";
import { resolve as resolveTokens } from "cdktf/lib/_tokens";
import { resolve as resolveAt } from "cdktf/lib/tokens/private/resolve";
import { deepMerge } from "cdktf/lib/util";

import type { IConstruct } from "constructs";

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

/**
 * A `depends_on` entry of `from` on `target`: cdktf's `dependable(target)`, a token that resolves to
 * `target`'s address. Within one stack the address itself is written instead (the same text once
 * resolved), which costs nothing to resolve; `waitForCluster` adds one to every in-cluster resource.
 * Across stacks it stays cdktf's token, which reports the cross-stack dependency as cdktf does.
 */
export function dependencyOn(target: TerraformResource, from: IConstruct): string {
  if (TerraformStack.of(target) !== TerraformStack.of(from)) return dependable(target);
  // Reading fqn locks the logical ID now, where cdktf's token reads it only at synth: so a later
  // overrideLogicalId of the target throws ("may not be overridden once .fqn has been requested")
  // rather than writing an address that no longer exists. Rename a target before depending on it.
  void target.fqn;
  return `${target.terraformResourceType}.${target.friendlyUniqueId}`;
}

/**
 * Appends to `resource`'s `depends_on` an entry on each of `targets`, as `dependencyOn` writes it.
 * Constructs use it instead of a provider config's `dependsOn`, which always takes cdktf's token.
 */
export function dependOn(resource: TerraformResource, targets: readonly TerraformResource[]): void {
  if (targets.length === 0) return;
  resource.dependsOn = [...(resource.dependsOn ?? []), ...targets.map((t) => dependencyOn(t, resource))];
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

/** The resolver `resolveTokens` (cdktf's `_tokens`) uses: stateless, so one of our own is the same. */
const TOKEN_RESOLVER = new DefaultTokenResolver(new StringConcat());
/** cdktf's depth limit: past it, its `resolve` reports a circular reference. */
const MAX_RESOLVE_DEPTH = 200;
/**
 * cdktf encodes a number token as a double below about -1e289 (its top 16 bits are a marker); no
 * setting of ours comes near, so anything at or below this is handed to cdktf to decide.
 */
const NUMBER_TOKEN_CEILING = -1e288;

/**
 * Whether cdktf's `resolve` returns `text` unchanged: no string, list or map token marker (they all
 * contain `{TfToken[`) and no exponent with a plus sign (how a number token reads inside a string,
 * such as `-8.1e+298`, which cdktf's number pass looks for). Anything else goes to cdktf.
 */
function isPlainText(text: string): boolean {
  return (
    !text.includes("{TfToken[") &&
    !text.includes("e+") &&
    text !== Token.STRING_MAP_TOKEN_VALUE &&
    text !== Token.ANY_MAP_TOKEN_VALUE
  );
}

/**
 * Whether cdktf's `resolve` returns `n` unchanged: not in the number token range, and not the value
 * a number map token gives when read as a number (which cdktf refuses in a scalar context).
 */
function isPlainNumber(n: number): boolean {
  return n > NUMBER_TOKEN_CEILING && n !== Token.NUMBER_MAP_TOKEN_VALUE;
}

/**
 * cdktf's `resolve(value)` for one element's `toTerraform()` output, without its per-value costs.
 *
 * cdktf builds a resolution context (closures, a prefix array) and runs three regular expressions
 * for every value in the tree, although most values hold no token. This walks the tree itself and
 * hands every value that may hold one to cdktf's own `resolve`, at the same path: a string with a
 * token marker or a number token's text, a number in the token range, the values a map token
 * gives when read entry by entry (cdktf refuses them), an array with a list token in it, an object
 * with a `resolve` method, a marker in a key or a construct's fields, anything that is not plain
 * data (class instances, functions), and anything deeper than cdktf's depth limit. The rest it keeps
 * as cdktf would: undefined entries dropped, everything else as it is.
 *
 * A subtree with nothing to change is returned as the same object, where cdktf returns a copy. The
 * stack's document is built by cdktf's `deepMerge`, which copies objects but keeps arrays (and what
 * is in them) by reference, so a stack-level override could write into an array that the caller
 * (or another resource) shares; `toTerraform` below copies what lies on the overrides' paths first.
 *
 * `test/constructs/core.test.ts` compares it with cdktf's `resolve` case by case, and the determinism
 * test compares the whole app's output with cdktf's own path.
 */
export function resolveLikeCdktf(scope: TerraformStack, value: unknown, preparing: boolean): unknown {
  /** The keys and indexes down to the value being walked; copied only when cdktf needs it. */
  const path: string[] = [];
  return walk(value);

  function delegate(v: unknown): unknown {
    return resolveAt(v, { scope, prefix: path.slice(), resolver: TOKEN_RESOLVER, preparing });
  }

  /** Walks one entry. (A throw ends the whole walk, so the path needs no restoring then.) */
  function child(v: unknown, step: string): unknown {
    path.push(step);
    const out = walk(v);
    path.pop();
    return out;
  }

  function walk(v: unknown): unknown {
    if (path.length > MAX_RESOLVE_DEPTH) return delegate(v);
    if (typeof v === "string") return isPlainText(v) ? v : delegate(v);
    if (typeof v === "number") return isPlainNumber(v) ? v : delegate(v);
    if (v === undefined || v === null || typeof v === "boolean") return v;
    if (typeof v !== "object") return delegate(v);
    if (Array.isArray(v)) return walkArray(v);
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return delegate(v);
    const record = v as Record<string, unknown>;
    if (typeof record.resolve === "function") return delegate(v);
    // What cdktf takes for a construct (it refuses to resolve one).
    if (record._children !== undefined && record._metadata !== undefined) return delegate(v);
    const keys = Object.keys(record);
    if (!keys.every(isPlainText)) return delegate(v);
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const before = record[key];
      const after = child(before, key);
      if (after === before && after !== undefined && out === undefined) continue;
      if (out === undefined) {
        out = {};
        for (let j = 0; j < i; j++) out[keys[j] as string] = record[keys[j] as string];
      }
      if (after !== undefined) out[key] = after;
    }
    return out ?? v;
  }

  function walkArray(v: readonly unknown[]): unknown {
    for (const x of v) {
      if (typeof x === "string" ? x.includes("#{TfToken[") : typeof x === "number" && !isPlainNumber(x)) {
        return delegate(v);
      }
    }
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const before = v[i];
      const after = child(before, `${i}`);
      if (after === before && after !== undefined && out === undefined) continue;
      if (out === undefined) out = v.slice(0, i);
      if (after !== undefined) out.push(after);
    }
    return out ?? v;
  }
}

/** Each element's fragment as resolved while preparing its stack, while `withResolutionReuse` runs. */
const preparedFragments = new WeakMap<TerraformElement, unknown>();
/** How many `withResolutionReuse` calls are running (a synth inside a synth keeps it on). */
let reuseDepth = 0;

/** The stack's own elements (not those of a nested stack), in construct order, as cdktf collects them. */
function elementsOf(
  node: import("constructs").IConstruct,
  into: TerraformElement[] = [],
): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) elementsOf(child, into);
  }
  return into;
}

/** How many entries each synthesized stack's `resource` block holds, as its document was built. */
const writtenResourceCounts = new WeakMap<TerraformStack, number>();

/**
 * How many resources `stack` wrote into its `resource` block (each one entry, with `count` or
 * `for_each` as well; not data sources, providers or outputs), counted in the document `toTerraform`
 * built, so a moved resource, two elements with one logical ID or a resource a stack override adds
 * count as the file has them. Known once the stack is synthesized; throws before. With HCL output
 * it counts the construct tree (a moved or renamed resource can then differ from the file).
 */
export function resourceCountOf(stack: TerraformStack): number {
  const count = writtenResourceCounts.get(stack);
  if (count !== undefined) return count;
  // HCL output (`cdktf synth --hcl`, SYNTH_HCL_OUTPUT) builds the stack through `toHclTerraform`,
  // which records nothing: count the stack's own resources in the construct tree instead.
  if (App.of(stack).hclOutput) {
    return elementsOf(stack).filter((e) => TerraformResource.isTerraformResource(e)).length;
  }
  throw new Error(
    `resourceCountOf(${stack.node.id}): the stack has not been synthesized; call app.synth() first.`,
  );
}

/** Counts the entries of a Terraform document's `resource` block, for `resourceCountOf`. */
function countResources(stack: TerraformStack, doc: unknown): unknown {
  const resources = (doc as { resource?: Record<string, Record<string, unknown>> } | undefined)?.resource;
  let count = 0;
  for (const byName of Object.values(resources ?? {})) count += Object.keys(byName ?? {}).length;
  writtenResourceCounts.set(stack, count);
  return doc;
}

/**
 * Copies each array and object of `target` that `overrides` will merge into (cdktf's `deepMerge`
 * recurses only where an override holds a plain object), so that the merge writes into the stack's
 * own document and never into an array `resolveLikeCdktf` kept by reference. Only the overrides'
 * paths are copied: a handful of keys, not the document.
 */
function detachOverridePaths(target: Record<string, unknown>, overrides: Record<string, unknown>): void {
  for (const key of Object.keys(overrides)) {
    const override = overrides[key];
    const current = target[key];
    if (override === null || typeof override !== "object" || Array.isArray(override)) continue;
    if (Tokenization.isResolvable(override) || current === null || typeof current !== "object") continue;
    const copy = (Array.isArray(current) ? current.slice() : { ...current }) as Record<string, unknown>;
    target[key] = copy;
    detachOverridePaths(copy, override as Record<string, unknown>);
  }
}

/** What `toTerraform` reads of a stack beyond its public API (cdktf 0.21's private fields). */
interface StackInternals {
  readonly rawOverrides: Record<string, unknown>;
  readonly cdktfVersion: string;
}

const cdktfPrepareStack = TerraformStack.prototype.prepareStack;
const cdktfToTerraform = TerraformStack.prototype.toTerraform;

/**
 * While `withResolutionReuse` runs, `prepareStack` keeps what it resolves for each element (through
 * `resolveLikeCdktf`, which hands every token to cdktf), and `toTerraform` uses it instead of building
 * and resolving every element a second time.
 *
 * cdktf 0.21's `App.synth` resolves every element of every stack while preparing (to find cross-stack
 * references), again while writing each stack, and then the whole document once more. The prepared
 * result is the written one: `preparing` only changes what a cross-stack reference does on its first
 * resolution (it registers the output and the remote state, then resolves to the same identifier).
 * Elements created while preparing (the cross-stack outputs and remote states) have no prepared
 * fragment and are resolved as before. The stack's raw overrides are merged as cdktf merges them, and
 * the document is resolved once more only when they hold a token (else that pass re-walks resolved
 * values and changes nothing).
 *
 * The contract this needs: nothing changes an element between the passes. Aspects run after
 * preparing, so a stack with any takes cdktf's own path. A `Lazy` value is produced while preparing,
 * so it must not depend on what preparing adds (cross-stack outputs, remote states) or on Aspects;
 * `test/stacks/determinism.test.ts` lists the files that use `Lazy`, so a new one is read for this, and
 * checks the whole app's output byte for byte against cdktf's own path.
 */
TerraformStack.prototype.prepareStack = function prepareStack(this: TerraformStack): void {
  // Aspects run after preparing (in the stack's synthesizer) and may change elements, so a stack
  // with any takes cdktf's own path: its elements keep no prepared fragment and are resolved again.
  if (reuseDepth === 0 || this.node.findAll().some((c) => Aspects.of(c).all.length > 0)) {
    cdktfPrepareStack.call(this);
    return;
  }
  this.ensureBackendExists();
  for (const element of elementsOf(this)) {
    preparedFragments.set(element, resolveLikeCdktf(this, element.toTerraform(), true));
  }
};

TerraformStack.prototype.toTerraform = function toTerraform(this: TerraformStack) {
  if (reuseDepth === 0) return countResources(this, cdktfToTerraform.call(this));
  const { rawOverrides, cdktfVersion } = this as unknown as StackInternals;
  const elements = elementsOf(this);
  const metadata: Record<string, unknown> = {
    version: cdktfVersion,
    stackName: this.node.id,
    backend: "local",
    cloud: undefined,
    ...(Object.keys(rawOverrides).length > 0 ? { overrides: { stack: Object.keys(rawOverrides) } } : {}),
  };
  for (const element of elements) deepMerge(metadata, resolveLikeCdktf(this, element.toMetadata(), false));
  const outputs: Record<string, unknown> = {};
  for (const element of elements) {
    if (!TerraformOutput.isTerraformOutput(element)) continue;
    deepMerge(
      outputs,
      element.node.path
        .split("/")
        .reduceRight<Record<string, unknown>>(
          (inner, part) =>
            Object.keys(inner).length === 0 ? { [part]: element.friendlyUniqueId } : { [part]: inner },
          {},
        ),
    );
  }
  const tf: Record<string, unknown> = { "//": { metadata, outputs } };
  for (const element of elements) {
    const fragment = preparedFragments.has(element)
      ? preparedFragments.get(element)
      : resolveLikeCdktf(this, element.toTerraform(), false);
    deepMerge(tf, fragment);
  }
  detachOverridePaths(tf, rawOverrides);
  deepMerge(tf, rawOverrides);
  return countResources(this, hasTokens(rawOverrides) ? resolveTokens(this, tf) : tf);
};

/** Whether a value holds a token anywhere (an unresolved string, list, number or object). */
function hasTokens(value: unknown): boolean {
  if (Token.isUnresolved(value)) return true;
  if (Array.isArray(value)) return value.some(hasTokens);
  if (value !== null && typeof value === "object") return Object.values(value).some(hasTokens);
  return false;
}

/**
 * Runs `fn` (a synth) with each element resolved once instead of twice; see `prepareStack` above.
 * Set `SYNTH_RESOLVE_TWICE=1` to run cdktf's own path instead.
 */
export function withResolutionReuse<T>(fn: () => T): T {
  if (process.env.SYNTH_RESOLVE_TWICE) return fn();
  reuseDepth++;
  try {
    return fn();
  } finally {
    reuseDepth--;
  }
}
