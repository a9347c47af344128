import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { type Construct, S3Backend, TerraformStack } from "../constructs/core";
import type { AwsEnvironment } from "../environments/schema";
import type { SloSpec } from "../slo/spec-types";
import { requireTerraform } from "./terraform-version";

export interface PlatformStackProps {
  readonly env: AwsEnvironment;
  /**
   * The SLO specs the environment's services name.
   * @default builtInSpecs
   */
  readonly specs?: readonly SloSpec[];
}

/**
 * Base for every environment stack: the AWS provider with default tags, the random provider (generated
 * passwords), and an S3 backend with a key of its own, encryption and S3-native lock files. Synthesis
 * needs no credentials.
 */
export class PlatformStack extends TerraformStack {
  public readonly env: AwsEnvironment;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    this.env = props.env;
    requireTerraform(this);
    new AwsProvider(this, "Aws", {
      region: props.env.aws.region,
      defaultTags: [{ tags: { ...props.env.tags, stack: id } }],
    });
    new RandomProvider(this, "Random");
    const backend = new S3Backend(this, {
      bucket: props.env.aws.state.bucket,
      region: props.env.aws.state.region,
      key: `stacks/${id}/terraform.tfstate`,
      encrypt: true,
    });
    // cdktf 0.21 has no typed option for S3-native locking (Terraform >= 1.10).
    backend.addOverride("use_lockfile", true);
  }

  /** True where data must survive a destroy: staging and production. */
  get protectsData(): boolean {
    return this.env.tier !== "development";
  }
}
