/**
 * A temp directory holding the CLI layout for user-service (rules/, tests/, ...), plus variants of
 * the generated promtool tests, for the promtool test files. Variants are written first and then run
 * together, in one `promtool test rules`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { compileArtefacts, renderYaml, userServiceSpec } from "../../slo/index.js";
import type { RuleTestFile } from "../../slo/rule-test-types.js";
import { runRuleTests, type Tool, type ToolRun, tempDir, writeFiles } from "./tools.js";

/** Rule file of user-service, relative to the work dir. */
export const RULES = "rules/user-service.rules.yaml";
/** Generated test file of user-service, relative to the work dir. */
export const TESTS = "tests/user-service.test.yaml";

/** Edits applied to a variant: to the input series names, and to the rule file text. */
export interface VariantEdit {
  readonly series?: (series: string) => string;
  readonly rules?: (rules: string) => string;
}

/** The compiled artefacts of user-service in a fresh temp dir. */
export class PromtoolWorkdir {
  readonly dir = tempDir("slo-promtool");
  readonly generated: RuleTestFile;

  constructor() {
    writeFiles(this.dir, compileArtefacts([userServiceSpec]));
    this.generated = YAML.parse(readFileSync(path.join(this.dir, TESTS), "utf8")) as RuleTestFile;
  }

  /**
   * Writes the generated test cases whose name passes `pick`, edited, as `tests/<name>.test.yaml`
   * (relative to the work dir, which is where promtool runs), and returns that path.
   */
  writeVariant(name: string, pick: (testName: string) => boolean, edit: VariantEdit = {}): string {
    const rulesFile = edit.rules ? `rules/${name}.rules.yaml` : RULES;
    if (edit.rules) {
      writeFileSync(
        path.join(this.dir, rulesFile),
        edit.rules(readFileSync(path.join(this.dir, RULES), "utf8")),
      );
    }
    const renameSeries = edit.series ?? ((s: string) => s);
    const variant: RuleTestFile = {
      ...this.generated,
      rule_files: [`../${rulesFile}`],
      tests: this.generated.tests
        .filter((t) => pick(t.name))
        .map((t) => ({
          ...t,
          input_series: t.input_series.map((s) => ({ ...s, series: renameSeries(s.series) })),
        })),
    };
    if (variant.tests.length === 0) throw new Error(`variant ${name} selects no test case`);
    const file = `tests/${name}.test.yaml`;
    writeFileSync(path.join(this.dir, file), renderYaml(variant));
    return file;
  }

  /** Runs `promtool test rules` once over test files of this work dir; each file's own result. */
  runTests(promtool: Tool, files: readonly string[]): Map<string, ToolRun> {
    return runRuleTests(promtool, files, this.dir);
  }
}
