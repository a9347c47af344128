/**
 * Redaction for everything the preview prints. Three layers, each enough on its own for what it covers:
 *
 * 1. **Terraform's sensitivity marks.** `before_sensitive`/`after_sensitive` mirror `before`/`after`;
 *    `true` marks a value (or a whole subtree) sensitive. `maskChild` follows the mask one step down
 *    (a `true` stays `true`), and the plan renderer prints `(sensitive value)` for anything under one.
 * 2. **Secret-looking attribute names.** A string under a key named like a password, secret, token,
 *    private key or API key is printed as `(redacted)`, whatever Terraform says (a synth diff carries
 *    no marks at all). Names that only *refer to* a secret (`..._arn`, `..._id`, `..._name`,
 *    `..._version`, `http_tokens`, ...) are exempt; booleans and numbers are never secret material.
 * 3. **Secret-looking values.** `redactText` replaces private key blocks, AWS access key ids and secret
 *    keys, the password of `scheme://user:pass@host` URLs, JWT-like tokens and `password=...`-style
 *    assignments inside strings. It runs on every rendered value and once more over the finished comment.
 *
 * On top, `collectSensitiveStrings` gathers the secret-looking strings Terraform marks sensitive in a
 * plan (`worthScrubbing`), and `scrubStrings` removes them from the finished comment, wherever they
 * appear (a sensitive value quoted in a policy message, say).
 */

/** Printed instead of a value Terraform marks sensitive. */
export const SENSITIVE = "(sensitive value)";
/** Printed instead of a value redacted by name or pattern. */
export const REDACTED = "(redacted)";

/** Shortest sensitive string scrubbed from the finished text. */
export const MIN_SCRUB_LENGTH = 8;

/**
 * True for a string worth scrubbing everywhere: long enough, with a letter and a non-letter. Common
 * words (a sensitive `username = "postgres"`) would garble the text if scrubbed everywhere; they stay
 * hidden where Terraform marks them, and are simply not hunted elsewhere.
 */
export function worthScrubbing(text: string): boolean {
  return text.length >= MIN_SCRUB_LENGTH && /[A-Za-z]/.test(text) && /[^A-Za-z\s]/.test(text);
}

interface SecretPattern {
  /** What the pattern finds, for the docs and tests. */
  readonly name: string;
  readonly pattern: RegExp;
  readonly replace: (match: string, ...groups: string[]) => string;
}

const BASE64_40 = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/g;

/** The value patterns, applied in order. Every pattern is global. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    name: "private key block",
    pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
    replace: () => "(redacted private key)",
  },
  {
    name: "AWS access key id",
    pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
    replace: () => "(redacted AWS access key id)",
  },
  {
    // 40 base64 characters with upper case, lower case and a digit: the shape of an AWS secret access
    // key. Lower-case hex (git SHAs, hashes) never matches, having no upper case.
    name: "AWS secret access key",
    pattern: BASE64_40,
    replace: (m) => (/[A-Z]/.test(m) && /[a-z]/.test(m) && /[0-9]/.test(m) ? REDACTED : m),
  },
  {
    name: "password in a URL",
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/]+):([^\s@/]+)@/gi,
    replace: (_m, scheme, user) => `${scheme}${user}:${REDACTED}@`,
  },
  {
    name: "JWT-like token",
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/g,
    replace: () => "(redacted token)",
  },
  {
    name: "password=... assignment",
    pattern: /\b(password|passwd|pwd|secret|token|api[_-]?key)(\s*[=:]\s*"?)([^\s"';,&(][^\s"';,&]*)/gi,
    replace: (_m, key, sep) => `${key}${sep}${REDACTED}`,
  },
];

/** Replaces every secret-looking substring of `text`. Idempotent. */
export function redactText(text: string): string {
  let out = text;
  for (const { pattern, replace } of SECRET_PATTERNS) {
    out = out.replace(pattern, replace as (substring: string, ...args: string[]) => string);
  }
  return out;
}

const SECRET_NAME = /passw(or)?d|secret|token|private_?key|api_?key|credential/i;
const REFERENCE_SUFFIX =
  /(_arns?|_ids?|_names?|_versions?|_strategy|_enabled|_type|_rotation_days|Arn|Id|Name|Ref|Version|Enabled)$/;
const EXEMPT_NAMES = new Set(["http_tokens", "secret_string_wo_version", "password_wo_version"]);

/** True when an attribute with this name holds secret material (its string values are redacted). */
export function isSecretName(name: string): boolean {
  if (EXEMPT_NAMES.has(name) || REFERENCE_SUFFIX.test(name)) return false;
  return SECRET_NAME.test(name);
}

/** A mask as in `before_sensitive`/`after_sensitive`: `true`, `false`, or a mirror object/array. */
export type SensitiveMask = unknown;

/** The part of a mask for one step of a path; `true` stays `true` all the way down. */
export function maskChild(mask: SensitiveMask, key: string | number): SensitiveMask {
  if (mask === true) return true;
  if (Array.isArray(mask)) return typeof key === "number" ? mask[key] : undefined;
  if (typeof mask === "object" && mask !== null) return (mask as Record<string, unknown>)[String(key)];
  return undefined;
}

function collectStrings(value: unknown, out: Set<string>): void {
  if (typeof value === "string") {
    for (const piece of [value, ...value.split("\n").map((l) => l.trim())])
      if (worthScrubbing(piece)) out.add(piece);
    const trimmed = value.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      try {
        collectStrings(JSON.parse(trimmed), out);
      } catch {
        // not JSON: the whole string is already collected
      }
    }
  } else if (Array.isArray(value)) {
    for (const v of value) collectStrings(v, out);
  } else if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) collectStrings(v, out);
  }
}

function collectMasked(value: unknown, mask: SensitiveMask, out: Set<string>): void {
  if (mask === true) {
    collectStrings(value, out);
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) collectMasked(v, maskChild(mask, i), out);
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) collectMasked(v, maskChild(mask, k), out);
  }
}

/** The parts of a plan `collectSensitiveStrings` reads. */
interface MaskedChanges {
  resource_changes?: ReadonlyArray<{
    change: { before?: unknown; after?: unknown; before_sensitive?: unknown; after_sensitive?: unknown };
  }>;
}

/**
 * Every string a plan marks sensitive (whole, each line, and each string inside a JSON string) that is
 * `worthScrubbing`. Numbers are not collected: digits appear everywhere in the comment.
 */
export function collectSensitiveStrings(plans: readonly MaskedChanges[]): Set<string> {
  const out = new Set<string>();
  for (const plan of plans) {
    for (const { change } of plan.resource_changes ?? []) {
      collectMasked(change.before, change.before_sensitive, out);
      collectMasked(change.after, change.after_sensitive, out);
    }
  }
  return out;
}

/** Removes every occurrence of the given strings from `text`, longest first. */
export function scrubStrings(text: string, secrets: ReadonlySet<string>): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join(SENSITIVE);
  }
  return out;
}
