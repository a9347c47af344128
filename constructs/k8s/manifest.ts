import type { KubernetesObject } from "./raw-manifests";

/** The shape every `@kubernetes-models` interface shares (metadata is optional there). */
export interface TypedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

/**
 * A custom resource typed with its `@kubernetes-models` interface, as the plain object `RawManifests`
 * takes. Only the types come from those packages: they ship as ES modules without a `require` export,
 * which the CommonJS synth (`tsx main.ts`) cannot load, so the classes are used in tests only.
 *
 * The copy is a JSON round trip: it shares no object with the typed original, so later changes to
 * one cannot leak into the other, and it drops `undefined` fields.
 */
export function toManifest(object: TypedObject): KubernetesObject {
  if (!object.metadata?.name) throw new Error(`${object.kind} has no metadata.name`);
  return JSON.parse(JSON.stringify(object)) as KubernetesObject;
}
