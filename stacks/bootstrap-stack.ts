import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { StateBucket } from "../constructs/aws/state-bucket";
import { type Construct, LocalBackend, TerraformOutput, TerraformStack } from "../constructs/core";
import type { AwsSettings } from "../environments/schema";
import { requireTerraform } from "./terraform-version";

export interface BootstrapStackProps {
  readonly state: AwsSettings["state"];
  /** Region that receives a replica of every state version. */
  readonly drRegion: string;
  readonly tags: Record<string, string>;
}

/**
 * Where the bootstrap stack keeps its state until it is moved into the bucket: the repository root,
 * relative to the stack's working directory `cdktf.out/stacks/bootstrap/`. A path inside `cdktf.out`
 * would be deleted by the next synth, which replaces that folder.
 */
export const BOOTSTRAP_STATE_PATH = "../../../terraform.bootstrap.tfstate";

/**
 * Creates the remote-state bucket every other stack uses. It keeps its own state in a local file
 * outside `cdktf.out` because the bucket cannot hold the state of its own creation; the README's
 * "First apply" moves it into the bucket afterwards.
 */
export class BootstrapStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    requireTerraform(this);
    new LocalBackend(this, { path: BOOTSTRAP_STATE_PATH });
    new AwsProvider(this, "Aws", {
      region: props.state.region,
      defaultTags: [{ tags: { ...props.tags, stack: id } }],
    });
    const bucket = new StateBucket(this, "StateBucket", {
      bucketName: props.state.bucket,
      region: props.state.region,
      drRegion: props.drRegion,
    });
    new TerraformOutput(this, "StateBucketArn", { value: bucket.bucketArn });
  }
}
