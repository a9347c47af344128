/** Every stack states the Terraform it needs where Terraform reads it, and the floor is the one CI runs. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REQUIRED_TERRAFORM, TERRAFORM_VERSION } from "../../stacks/terraform-version";
import { readStack, synthDir } from "../helpers";

describe("required Terraform", () => {
  const dir = synthDir();
  const stacks = readdirSync(join(dir, "stacks"));

  it.each(stacks)("is declared by %s", (stack) => {
    expect((readStack(dir, stack).terraform as { required_version?: string }).required_version).toBe(
      REQUIRED_TERRAFORM,
    );
  });

  it("starts at the version CI installs, which has write-only arguments (1.11)", () => {
    expect(REQUIRED_TERRAFORM.startsWith(`>= ${TERRAFORM_VERSION},`)).toBe(true);
    const [major, minor] = TERRAFORM_VERSION.split(".").map(Number);
    expect(major === 1 && minor! >= 11).toBe(true);
  });
});
