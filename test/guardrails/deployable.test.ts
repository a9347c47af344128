import { describe, expect, it } from "vitest";
import { placeholdersIn } from "../../scripts/deployable";
import { readStack, synthDir } from "../helpers";

describe("deploy-time placeholder check", () => {
  it("finds the shipped placeholders in every stack that a real apply would use", () => {
    const dev = placeholdersIn(readStack(synthDir(), "dev"));
    const values = dev.map((p) => p.value);
    expect(values).toContain("203.0.113.0/28");
    expect(values.some((v) => v.includes("111122223333"))).toBe(true);
    expect(values).toContain("dev.platform.acme.example");
    expect(values).toContain("smtp.example.com");
    const cidr = dev.find((p) => p.value === "203.0.113.0/28")!;
    expect(cidr.path).toMatch(/^resource\.aws_eks_cluster\..*public_access_cidrs/);
    expect(cidr.why).toMatch(/RFC 5737/);
  });

  it("finds the nil GUIDs the Azure stacks ship for the subscription, tenant and Entra principals", () => {
    const azure = placeholdersIn(readStack(synthDir(), "prod-azure-blue"));
    const nil = azure.filter((p) => p.value === "00000000-0000-0000-0000-000000000000");
    expect(nil.map((p) => p.path)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^provider\.azurerm.*subscription_id/)]),
    );
    expect(nil[0]!.why).toMatch(/nil GUID/);
    expect(azure.map((p) => p.value)).toContain("203.0.113.0/28");
  });

  it("passes real values and skips cdktf's metadata", () => {
    expect(
      placeholdersIn({
        "//": { metadata: { path: "x.example" } },
        resource: {
          aws_eks_cluster: {
            c: { vpc_config: [{ public_access_cidrs: ["198.18.0.0/28", "52.16.0.10/32"] }] },
          },
          aws_route53_zone: { z: { name: "platform.acme.com" } },
          aws_iam_role: { r: { arn: "arn:aws:iam::210987654321:role/deployer" } },
        },
      }),
    ).toEqual([]);
  });

  it("catches each kind, wherever it sits", () => {
    const found = placeholdersIn({
      a: ["192.0.2.7"],
      b: { c: "arn:aws:iam::123456789012:root" },
      d: "see app.example.com",
    });
    expect(found.map((p) => [p.path, p.value])).toEqual([
      ["a.0", "192.0.2.7"],
      ["b.c", "123456789012"],
      ["d", "app.example.com"],
    ]);
  });
});
