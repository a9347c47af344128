import { Release } from "@cdktf/provider-helm/lib/release";
import { stringify } from "yaml";
import { Construct, type TerraformResource } from "../core";
import { Validator } from "../validation";

/** A chart pinned to an exact version in a repository. */
export interface ChartRef {
  /** Repository URL (https:// or oci://). */
  readonly repository: string;
  readonly chart: string;
  /** Exact chart version; ranges are rejected. */
  readonly version: string;
}

export interface ChartReleaseProps<TValues extends object> {
  /** Helm release name. */
  readonly releaseName: string;
  readonly namespace: string;
  readonly chart: ChartRef;
  /** Typed values, serialized with the yaml library (never string templates). */
  readonly values: TValues;
  /**
   * Create the namespace if it does not exist.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Releases that must be installed first, e.g. the one that installs this release's CRDs.
   * @default - none
   */
  readonly dependsOn?: readonly (ChartRelease<object> | TerraformResource)[];
  /**
   * Seconds Helm waits for resources to become ready.
   * @default 600
   */
  readonly timeoutSeconds?: number;
}

/**
 * A `helm_release` of a pinned chart with typed values. Atomic installs roll back on failure, and
 * `cleanup_on_fail` removes half-created resources.
 */
export class ChartRelease<TValues extends object> extends Construct {
  public readonly release: Release;
  public readonly values: TValues;
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: ChartReleaseProps<TValues>) {
    super(scope, id);
    new Validator(`ChartRelease ${this.node.path}`)
      .check(
        /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(props.chart.version),
        "chart.version",
        props.chart.version,
        "an exact semantic version",
        "pin the chart, e.g. 1.30.2",
      )
      .check(
        /^(https|oci):\/\/|^\.?\.?\//.test(props.chart.repository) || props.chart.repository === "",
        "chart.repository",
        props.chart.repository,
        "an https:// or oci:// URL",
        "use the chart's published repository",
      )
      .check(
        /^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/.test(props.releaseName),
        "releaseName",
        props.releaseName,
        "a DNS label of at most 53 characters",
        "Helm release names are DNS labels",
      )
      .throwIfAny();
    this.values = props.values;
    this.namespace = props.namespace;
    this.release = new Release(this, "Release", {
      name: props.releaseName,
      namespace: props.namespace,
      repository: props.chart.repository || undefined,
      chart: props.chart.chart,
      version: props.chart.version,
      createNamespace: props.createNamespace ?? true,
      atomic: true,
      cleanupOnFail: true,
      maxHistory: 10,
      timeout: props.timeoutSeconds ?? 600,
      values: [stringify(props.values, { sortMapEntries: true, aliasDuplicateObjects: false })],
      dependsOn: props.dependsOn?.map((d) => (d instanceof ChartRelease ? d.release : d)),
    });
  }
}
