/**
 * Rule discovery. Every `*.ts` file under `policy/rules/` (recursively) is a rule module: its default
 * export is a `Rule` and its named export `fixtures` holds the compliant and violating stacks the tests
 * run it against. Adding a rule is dropping a file there; nothing else lists rules.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { isObject } from "./lib/values.js";
import type { Rule, RuleFixtures } from "./types.js";

/** Directory scanned for rule files. */
export const RULES_DIR = path.join(__dirname, "rules");

/** Rule id format: `PLAT-<AREA>-<NNN>`. */
export const RULE_ID_PATTERN = /^PLAT-[A-Z0-9]+-\d{3}$/;

/** A discovered rule file. */
export interface RuleModule {
  /** Absolute path of the file. */
  file: string;
  rule: Rule;
  fixtures?: RuleFixtures;
}

function listRuleFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listRuleFiles(full));
    else if (entry.isFile() && /\.ts$/.test(entry.name) && !/\.(d|test)\.ts$/.test(entry.name))
      files.push(full);
  }
  return files.sort();
}

function isRule(value: unknown): value is Rule {
  return (
    isObject(value) &&
    typeof value.id === "string" &&
    typeof value.check === "function" &&
    Array.isArray(value.resourceTypes)
  );
}

/** Module namespace of a rule file; tsx may wrap a CommonJS module's exports in one more `default`. */
function ruleExports(mod: unknown): { default: Rule; fixtures?: unknown } | undefined {
  if (!isObject(mod)) return undefined;
  if (isRule(mod.default)) return { default: mod.default, fixtures: mod.fixtures };
  if (isObject(mod.default) && isRule(mod.default.default)) {
    return { default: mod.default.default, fixtures: mod.default.fixtures };
  }
  return undefined;
}

/**
 * Imports every rule file under `dir`. Throws, naming the file, when a file has no `Rule` default
 * export or when two rules share an id.
 */
export async function loadRuleModules(dir: string = RULES_DIR): Promise<RuleModule[]> {
  const modules: RuleModule[] = [];
  const seen = new Map<string, string>();
  for (const file of listRuleFiles(dir)) {
    const exports = ruleExports(await import(pathToFileURL(file).href));
    if (exports === undefined) {
      throw new Error(`${file}: a rule file must default-export a Rule (id, resourceTypes, check)`);
    }
    const rule = exports.default;
    const previous = seen.get(rule.id);
    if (previous !== undefined) throw new Error(`duplicate rule id ${rule.id} in ${file} and ${previous}`);
    seen.set(rule.id, file);
    modules.push({
      file,
      rule,
      ...(isObject(exports.fixtures) ? { fixtures: exports.fixtures as unknown as RuleFixtures } : {}),
    });
  }
  return modules.sort((a, b) => a.rule.id.localeCompare(b.rule.id));
}

/** Discovers all rules, sorted by id. */
export async function loadRules(dir: string = RULES_DIR): Promise<Rule[]> {
  return (await loadRuleModules(dir)).map((m) => m.rule);
}
