/**
 * Kubernetes object typing. Objects are plain data typed with the `@kubernetes-models/*` and
 * `kubernetes-models` `I<Kind>` interfaces, imported with `import type` only: the packages are
 * ES modules without a `require` export and the synth loads TypeScript as CommonJS (see
 * `toManifest` in constructs/k8s/manifest.ts). The tests construct the packages' classes from the
 * same objects and call `.validate()`.
 */

/**
 * The metadata the compilers set. A type alias, not an interface, so it also fits index-signature
 * shapes such as `KubernetesObject` in constructs/k8s/raw-manifests.ts.
 */
export type ObjectMeta = {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
};

/** A resource whose metadata always carries a name (assignable to the upstream `I<Kind>`). */
export type Named<T extends { readonly metadata?: unknown }> = Omit<T, "metadata"> & {
  readonly metadata: ObjectMeta;
};

/** Options shared by the compilers that emit Kubernetes objects. */
export interface KubernetesOptions {
  /** Namespace of the emitted objects; omitted means the namespace they are applied to. */
  readonly namespace?: string;
}

/** Labels every generated object carries. */
export const MANAGED_BY_LABELS: Readonly<Record<string, string>> = {
  "app.kubernetes.io/managed-by": "slo-compiler",
};

/** `{ namespace }` when one is set, else nothing (so the key is absent, not undefined). */
export function namespaceOf(options: KubernetesOptions): { readonly namespace?: string } {
  return options.namespace ? { namespace: options.namespace } : {};
}
