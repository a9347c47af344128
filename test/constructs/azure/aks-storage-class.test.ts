import { describe, expect, it } from "vitest";
import {
  AKS_BUILT_IN_STORAGE_CLASSES,
  AzureDiskStorageClass,
  type AzureDiskStorageClassProps,
} from "../../../constructs/azure/aks-storage-class";
import { Testing } from "../../../constructs/core";
import { errorOf, problem } from "../../helpers";
import { one } from "./aks-fixtures";

const synth = (props: Partial<AzureDiskStorageClassProps> = {}) =>
  Testing.synthScope((scope) => {
    new AzureDiskStorageClass(scope, "Disk", { dependsOn: [], ...props });
  });

describe("AzureDiskStorageClass", () => {
  it("serves zone-redundant Premium SSDs through the Azure Disk CSI driver, created when the pod is scheduled", () => {
    expect(one(synth(), "kubernetes_storage_class_v1", "Disk_StorageClass")).toEqual({
      metadata: {
        name: "premium-zrs",
        annotations: { "storageclass.kubernetes.io/is-default-class": "false" },
      },
      storage_provisioner: "disk.csi.azure.com",
      parameters: { skuName: "Premium_ZRS" },
      volume_binding_mode: "WaitForFirstConsumer",
      reclaim_policy: "Retain",
      allow_volume_expansion: true,
    });
  });

  it("takes a name, a reclaim policy and the default mark", () => {
    const out = synth({ name: "fast", reclaimPolicy: "Delete", isDefault: true });
    expect(one(out, "kubernetes_storage_class_v1", "Disk_StorageClass")).toMatchObject({
      metadata: { name: "fast", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      reclaim_policy: "Delete",
    });
  });

  it.each(AKS_BUILT_IN_STORAGE_CLASSES)("refuses AKS's own class %s", (name) => {
    expect(errorOf(() => synth({ name }))).toContain(
      problem("name", name, `not ${AKS_BUILT_IN_STORAGE_CLASSES.join(", ")}`),
    );
  });

  it("refuses a name that is no DNS subdomain", () => {
    expect(errorOf(() => synth({ name: "Premium_ZRS" }))).toContain(
      problem("name", "Premium_ZRS", "a DNS subdomain"),
    );
  });
});
