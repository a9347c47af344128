import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Construct, dependOn, type TerraformResource } from "../core";
import { Validator } from "../validation";

/** The class EKS creates itself (gp2, in-tree name), which needs no resource here. */
export const EKS_BUILT_IN_STORAGE_CLASSES = ["gp2"] as const;

export interface EbsStorageClassProps {
  /**
   * Name workloads ask for in `storageClassName`.
   * @default "gp3"
   */
  readonly name?: string;
  /**
   * Mark it as the cluster's default class, for claims that name none.
   * @default true
   */
  readonly isDefault?: boolean;
  /**
   * What happens to a volume when its claim is deleted.
   * @default "Retain" (a deleted claim never deletes Prometheus or Elasticsearch data)
   */
  readonly reclaimPolicy?: "Retain" | "Delete";
  /** The EBS CSI driver add-on, which serves the class. */
  readonly dependsOn: readonly TerraformResource[];
}

/**
 * An encrypted gp3 StorageClass served by the EBS CSI driver. EKS ships only `gp2`; the platform's
 * volumes (Prometheus, Alertmanager, Grafana, Elasticsearch) ask for `gp3`. `WaitForFirstConsumer`
 * creates each volume in the zone of the node its pod is scheduled on, and volumes can grow in place.
 */
export class EbsStorageClass extends Construct {
  public readonly name: string;
  public readonly isDefault: boolean;
  public readonly reclaimPolicy: "Retain" | "Delete";
  public readonly storageClass: StorageClassV1;

  constructor(scope: Construct, id: string, props: EbsStorageClassProps) {
    super(scope, id);
    this.name = props.name ?? "gp3";
    this.isDefault = props.isDefault ?? true;
    this.reclaimPolicy = props.reclaimPolicy ?? "Retain";
    new Validator(`EbsStorageClass ${this.node.path}`)
      .check(
        /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(this.name),
        "name",
        this.name,
        "a DNS subdomain",
        "StorageClass names are DNS subdomains, e.g. gp3",
      )
      .check(
        !(EKS_BUILT_IN_STORAGE_CLASSES as readonly string[]).includes(this.name),
        "name",
        this.name,
        `not ${EKS_BUILT_IN_STORAGE_CLASSES.join(", ")}`,
        "EKS already owns that class; pick another name",
      )
      .throwIfAny();
    this.storageClass = new StorageClassV1(this, "StorageClass", {
      metadata: {
        name: this.name,
        annotations: { "storageclass.kubernetes.io/is-default-class": String(this.isDefault) },
      },
      storageProvisioner: "ebs.csi.aws.com",
      volumeBindingMode: "WaitForFirstConsumer",
      reclaimPolicy: this.reclaimPolicy,
      allowVolumeExpansion: true,
      parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
    });
    dependOn(this.storageClass, props.dependsOn);
  }
}
