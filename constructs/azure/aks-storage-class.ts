import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Construct, dependOn, type TerraformResource } from "../core";
import { Validator } from "../validation";

/**
 * Classes AKS creates and reconciles itself (AKS "Storage options", storage classes): a class of the
 * same name would be overwritten. `default` is the cluster's default class (`managed-csi`).
 */
export const AKS_BUILT_IN_STORAGE_CLASSES = [
  "default",
  "managed-csi",
  "managed-csi-premium",
  "managed-csi-premium-v2",
  "azurefile-csi",
  "azurefile-csi-premium",
  "azureblob-nfs-premium",
  "azureblob-fuse-premium",
] as const;

export interface AzureDiskStorageClassProps {
  /**
   * Name workloads ask for in `storageClassName`.
   * @default "premium-zrs"
   */
  readonly name?: string;
  /**
   * What happens to a disk when its claim is deleted.
   * @default "Retain"
   */
  readonly reclaimPolicy?: "Retain" | "Delete";
  /**
   * Mark the class as the cluster's default. AKS already marks its own `default` class, which it
   * reconciles, so a second default leaves the choice to Kubernetes (the newest default wins).
   * @default false (the platform asks for this class by name)
   */
  readonly isDefault?: boolean;
  /** What the class waits for: the cluster's node pools (the Azure Disk CSI driver runs on them). */
  readonly dependsOn: readonly TerraformResource[];
}

/**
 * A zone-redundant Premium SSD class served by the Azure Disk CSI driver (`disk.csi.azure.com`,
 * `skuName: Premium_ZRS`): a volume survives the loss of its zone and attaches to a node in any zone.
 * `WaitForFirstConsumer` creates each disk when its pod is scheduled, and volumes grow in place. The
 * Azure counterpart of `EbsStorageClass`.
 */
export class AzureDiskStorageClass extends Construct {
  public readonly name: string;
  public readonly reclaimPolicy: "Retain" | "Delete";
  public readonly isDefault: boolean;
  public readonly storageClass: StorageClassV1;

  constructor(scope: Construct, id: string, props: AzureDiskStorageClassProps) {
    super(scope, id);
    this.name = props.name ?? "premium-zrs";
    this.reclaimPolicy = props.reclaimPolicy ?? "Retain";
    this.isDefault = props.isDefault ?? false;
    new Validator(`AzureDiskStorageClass ${this.node.path}`)
      .check(
        /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(this.name),
        "name",
        this.name,
        "a DNS subdomain",
        "StorageClass names are DNS subdomains, e.g. premium-zrs",
      )
      .check(
        !(AKS_BUILT_IN_STORAGE_CLASSES as readonly string[]).includes(this.name),
        "name",
        this.name,
        `not ${AKS_BUILT_IN_STORAGE_CLASSES.join(", ")}`,
        "AKS owns and reconciles that class; pick another name",
      )
      .throwIfAny();
    this.storageClass = new StorageClassV1(this, "StorageClass", {
      metadata: {
        name: this.name,
        annotations: { "storageclass.kubernetes.io/is-default-class": String(this.isDefault) },
      },
      storageProvisioner: "disk.csi.azure.com",
      volumeBindingMode: "WaitForFirstConsumer",
      reclaimPolicy: this.reclaimPolicy,
      allowVolumeExpansion: true,
      parameters: { skuName: "Premium_ZRS" },
    });
    dependOn(this.storageClass, props.dependsOn);
  }
}
