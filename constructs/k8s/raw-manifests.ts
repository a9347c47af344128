import { resolve } from "node:path";
import { AssetType, Construct, TerraformAsset, type TerraformResource, TerraformStack } from "../core";
import { Validator } from "../validation";
import { ChartRelease } from "./chart-release";

/** A Kubernetes object as plain data (typed upstream with @kubernetes-models where available). */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export interface RawManifestsProps {
  readonly releaseName: string;
  /** Namespace of the Helm release record; objects carry their own namespaces. */
  readonly namespace: string;
  readonly manifests: readonly KubernetesObject[];
  /** Releases that install the CRDs these objects need. */
  readonly dependsOn: readonly (ChartRelease<object> | TerraformResource)[];
}

/** The chart that renders `values.manifests`, shipped into each stack's output as a cdktf asset. */
export const RAW_MANIFESTS_CHART_DIR = resolve(__dirname, "charts/raw-manifests");
/** Id of the stack-level asset; every RawManifests in a stack shares this one copy of the chart. */
const RAW_MANIFESTS_ASSET_ID = "RawManifestsChart";

/** The stack's one copy of the chart, created by the first RawManifests that needs it. */
function chartAssetOf(scope: Construct): TerraformAsset {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(RAW_MANIFESTS_ASSET_ID);
  if (existing instanceof TerraformAsset) return existing;
  return new TerraformAsset(stack, RAW_MANIFESTS_ASSET_ID, {
    path: RAW_MANIFESTS_CHART_DIR,
    type: AssetType.DIRECTORY,
  });
}

/**
 * Delivers custom resources without `kubernetes_manifest`: the objects travel as values of a
 * `helm_release` of the bundled raw-manifests chart, which Helm applies at apply time, after the
 * releases in `dependsOn` installed the CRDs. Plan never needs a reachable API server.
 */
export class RawManifests extends Construct {
  public readonly chart: ChartRelease<{ manifests: readonly KubernetesObject[] }>;

  constructor(scope: Construct, id: string, props: RawManifestsProps) {
    super(scope, id);
    const v = new Validator(`RawManifests ${this.node.path}`);
    v.check(
      props.manifests.length > 0,
      "manifests",
      [],
      "at least one object",
      "drop the construct when there is nothing to deliver",
    );
    const keys = props.manifests.map(
      (m) => `${m.apiVersion}/${m.kind}/${m.metadata.namespace ?? ""}/${m.metadata.name}`,
    );
    const dup = keys.find((k, i) => keys.indexOf(k) !== i);
    v.check(
      dup === undefined,
      "manifests",
      dup,
      "unique apiVersion/kind/namespace/name",
      "rename one of the objects",
    );
    v.throwIfAny();
    const asset = chartAssetOf(this);
    this.chart = new ChartRelease(this, "Objects", {
      releaseName: props.releaseName,
      namespace: props.namespace,
      chart: { repository: "", chart: `./${asset.path}`, version: "1.0.0" },
      values: { manifests: props.manifests },
      dependsOn: props.dependsOn,
      createNamespace: false,
    });
  }
}
