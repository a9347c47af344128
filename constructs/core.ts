/**
 * The one module that imports the CDK for Terraform core (`cdktf`).
 *
 * Upstream CDKTF was archived in December 2025 and 0.21.0 is its final release. The community fork,
 * cdktn, keeps the same construct model. Every other file imports framework symbols from here (Biome
 * rejects a direct `cdktf` import elsewhere), so the move is a change to this file, package.json and
 * the provider packages' names.
 */

export type { IAspect, TerraformResourceLifecycle } from "cdktf";
export {
  Annotations,
  App,
  Aspects,
  AssetType,
  dependable,
  Fn,
  LocalBackend,
  S3Backend,
  TerraformAsset,
  TerraformElement,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  Testing,
  Token,
} from "cdktf";
export type { IConstruct } from "constructs";
export { Construct } from "constructs";
