import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { describe, expect, it } from "vitest";
import { EbsStorageClass } from "../../../constructs/aws/ebs-storage-class";
import { Testing } from "../../../constructs/core";
import { errorOf, problem, resourcesOf } from "../../helpers";

const addon = (scope: Parameters<Parameters<typeof Testing.synthScope>[0]>[0]) =>
  new StorageClassV1(scope, "Csi", { metadata: { name: "csi" }, storageProvisioner: "x" });

describe("EbsStorageClass", () => {
  it("defaults to an encrypted, retained, expandable gp3 default class bound at first consumer", () => {
    const out = Testing.synthScope((scope) => {
      new EbsStorageClass(scope, "Gp3", { dependsOn: [addon(scope)] });
    });
    const [sc] = Object.values(resourcesOf(out, "kubernetes_storage_class_v1")).filter(
      (r) => (r.metadata as { name: string }).name === "gp3",
    );
    expect(sc).toMatchObject({
      metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      storage_provisioner: "ebs.csi.aws.com",
      volume_binding_mode: "WaitForFirstConsumer",
      reclaim_policy: "Retain",
      allow_volume_expansion: true,
      parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
    });
    expect(sc!.depends_on).toEqual([expect.stringMatching(/^kubernetes_storage_class_v1\.Csi/)]);
  });

  it.each([
    [{ name: "gp2" }, problem("name", "gp2", "not gp2")],
    [{ name: "GP3" }, problem("name", "GP3", "a DNS subdomain")],
  ])("rejects %o", (props, message) => {
    const msg = errorOf(() =>
      Testing.synthScope((scope) => new EbsStorageClass(scope, "Sc", { ...props, dependsOn: [] })),
    );
    expect(msg).toContain(message);
  });
});
