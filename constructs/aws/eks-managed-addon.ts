import { DataAwsEksAddonVersion } from "@cdktf/provider-aws/lib/data-aws-eks-addon-version";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { Construct, type TerraformResource } from "../core";
import { Validator } from "../validation";

/** An EKS add-on build, e.g. `v1.19.2-eksbuild.1`. */
export const ADDON_VERSION_PATTERN = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;

export interface EksManagedAddonProps {
  /** The cluster's name attribute (a reference, so Terraform creates the cluster first). */
  readonly clusterName: string;
  /** The cluster's Kubernetes version, e.g. `1.33`, used to look up the default build. */
  readonly kubernetesVersion: string;
  /** EKS add-on name, e.g. `vpc-cni`. */
  readonly addonName: string;
  /**
   * Pin an exact build (`v1.19.2-eksbuild.1`).
   * @default - the default build AWS publishes for `kubernetesVersion`, looked up at plan time
   */
  readonly version?: string;
  /**
   * IRSA role the add-on's service account assumes.
   * @default - none: the add-on uses the node role
   */
  readonly serviceAccountRoleArn?: string;
  /**
   * Add-on configuration, serialized to JSON (`aws eks describe-addon-configuration` gives the schema).
   * @default - the add-on's defaults
   */
  readonly configuration?: Record<string, unknown>;
  /**
   * Resources to create first, e.g. the node group that must run the add-on's pods.
   * @default - none beyond the cluster
   */
  readonly dependsOn?: readonly TerraformResource[];
}

/**
 * One EKS managed add-on. Without a pinned `version`, the build is the AWS default for the cluster's
 * Kubernetes version (`data.aws_eks_addon_version`, `most_recent = false`), so a cluster upgrade
 * moves the add-on with it. Conflicts with hand-made changes are overwritten on create and update.
 */
export class EksManagedAddon extends Construct {
  public readonly addon: EksAddon;
  /** The pinned build, or the looked-up default (a token). */
  public readonly version: string;

  constructor(scope: Construct, id: string, props: EksManagedAddonProps) {
    super(scope, id);
    new Validator(`EksManagedAddon ${this.node.path}`)
      .check(
        props.version === undefined || ADDON_VERSION_PATTERN.test(props.version),
        "version",
        props.version,
        "an EKS add-on build such as v1.19.2-eksbuild.1",
        `list builds with: aws eks describe-addon-versions --addon-name ${props.addonName}`,
      )
      .throwIfAny();
    this.version =
      props.version ??
      new DataAwsEksAddonVersion(this, "DefaultVersion", {
        addonName: props.addonName,
        kubernetesVersion: props.kubernetesVersion,
        mostRecent: false,
      }).version;
    this.addon = new EksAddon(this, "Addon", {
      clusterName: props.clusterName,
      addonName: props.addonName,
      addonVersion: this.version,
      serviceAccountRoleArn: props.serviceAccountRoleArn,
      configurationValues: props.configuration ? JSON.stringify(props.configuration) : undefined,
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
  }
}
