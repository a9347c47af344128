/**
 * The Terraform every stack needs, stated where Terraform reads it (`terraform.required_version`).
 * 1.11 is the floor: write-only arguments (`password_wo`, `secret_string_wo`) arrived in 1.11, and
 * S3-native state locking (`use_lockfile`) in 1.10. CI and the workflows install exactly
 * {@link TERRAFORM_VERSION}, the floor's patch release that the offline tests run here.
 */
import type { TerraformStack } from "../constructs/core";

export const TERRAFORM_VERSION = "1.11.4";

/** The constraint every stack declares. */
export const REQUIRED_TERRAFORM = `>= ${TERRAFORM_VERSION}, < 2.0.0`;

/** Declares {@link REQUIRED_TERRAFORM} on a stack (cdktf 0.21 has no typed option for it). */
export function requireTerraform(stack: TerraformStack): void {
  stack.addOverride("terraform.required_version", REQUIRED_TERRAFORM);
}
