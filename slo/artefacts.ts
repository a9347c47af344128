/** Every artefact of a compilation as relative path -> YAML text (what the CLI writes). */

import { compileAlertmanagerConfig } from "./alertmanager.js";
import type { AlertmanagerOptions } from "./alertmanager-options.js";
import { compileAnalysisTemplates } from "./analysis-template.js";
import { compileRuleFile } from "./compile-rules.js";
import { compileDashboards } from "./dashboard.js";
import type { KubernetesOptions } from "./k8s-types.js";
import { compilePrometheusRules } from "./prometheus-rule.js";
import { renderYaml } from "./render.js";
import { compileRuleTests } from "./rule-tests.js";
import type { SloSpec } from "./spec-types.js";

/** Options of {@link compileArtefacts}. */
export interface ArtefactOptions {
  readonly alertmanager?: AlertmanagerOptions;
  readonly kubernetes?: KubernetesOptions;
}

/**
 * Compiles specs into files: `rules/<service>.rules.yaml`, `tests/<service>.test.yaml`,
 * `alertmanager.yaml`, `prometheus-rules/<service>.yaml`, `dashboards/<service>-<slo>.yaml`,
 * `analysis-templates/<service>.yaml`. Paths are relative to the output directory.
 */
export function compileArtefacts(
  specs: readonly SloSpec[],
  options: ArtefactOptions = {},
): ReadonlyMap<string, string> {
  const files = new Map<string, string>();
  const k8s = options.kubernetes ?? {};
  for (const spec of specs) {
    const rules = `rules/${spec.service}.rules.yaml`;
    files.set(rules, renderYaml(compileRuleFile(spec)));
    files.set(
      `tests/${spec.service}.test.yaml`,
      renderYaml(compileRuleTests(spec, { ruleFile: `../${rules}` })),
    );
    for (const rule of compilePrometheusRules([spec], k8s)) {
      files.set(`prometheus-rules/${spec.service}.yaml`, renderYaml(rule));
    }
    for (const template of compileAnalysisTemplates([spec], k8s)) {
      files.set(`analysis-templates/${spec.service}.yaml`, renderYaml(template));
    }
  }
  for (const dashboard of compileDashboards(specs, k8s)) {
    files.set(
      `dashboards/${dashboard.metadata.name.replace(/^slo-dashboard-/, "")}.yaml`,
      renderYaml(dashboard),
    );
  }
  files.set("alertmanager.yaml", renderYaml(compileAlertmanagerConfig(options.alertmanager)));
  return files;
}
