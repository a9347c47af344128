/** YAML rendering for every artefact: typed objects in, YAML text out (never string templates). */
import { stringify } from "yaml";

/**
 * Renders a value as YAML that Go's YAML 1.1 parsers (Prometheus, Alertmanager, Kubernetes) read
 * back exactly: strings that YAML 1.1 would resolve otherwise (`17:00` as base-60, `on`/`yes` as
 * booleans) are quoted; no anchors/aliases for repeated objects; no line folding (long PromQL stays
 * on one line); multi-line strings as block literals.
 */
export function renderYaml(value: unknown): string {
  return stringify(value, { version: "1.1", aliasDuplicateObjects: false, lineWidth: 0 });
}
