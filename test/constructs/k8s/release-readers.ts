/** Readers over synthesized helm_release resources and the objects RawManifests delivers, for the k8s tests. */
import { readValuesText } from "../../../policy/lib/k8s/helm";
import { type Attrs, resourcesOf } from "../../helpers";

/** The one `helm_release` with this Helm release name. */
export function helmRelease(synthesized: string, name: string): Attrs & { depends_on?: string[] } {
  const matches = Object.values(resourcesOf(synthesized, "helm_release")).filter((r) => r.name === name);
  if (matches.length !== 1)
    throw new Error(`expected one helm_release named ${name}, found ${matches.length}`);
  return matches[0] as Attrs & { depends_on?: string[] };
}

/** `helm_release.<logical id>`, as `depends_on` spells it. */
export function releaseAddress(synthesized: string, name: string): string {
  const entry = Object.entries(resourcesOf(synthesized, "helm_release")).find(([, r]) => r.name === name);
  if (!entry) throw new Error(`no helm_release named ${name}`);
  return `helm_release.${entry[0]}`;
}

/** The release's values, parsed back as synthesized (references read as their text). */
// biome-ignore lint/suspicious/noExplicitAny: chart values are free-form; tests assert on their shape
export function valuesOf(synthesized: string, name: string): Record<string, any> {
  const values = helmRelease(synthesized, name).values as string[];
  return readValuesText(values[0]!) as Record<string, unknown>;
}

/** The objects a RawManifests release delivers, parsed back from its values. */
// biome-ignore lint/suspicious/noExplicitAny: manifests are free-form; tests assert on their shape
export function manifestsOf(synthesized: string, name: string): Record<string, any>[] {
  return valuesOf(synthesized, name).manifests;
}

/** The single manifest of a kind (and name, when given). */
// biome-ignore lint/suspicious/noExplicitAny: see manifestsOf
export function manifest(list: Record<string, any>[], kind: string, name?: string): Record<string, any> {
  const found = list.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name ?? ""}, found ${found.length}`);
  return found[0] as Record<string, unknown>;
}
