/** One caller-identity and partition lookup per stack, shared by every construct that needs an ARN. */
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { type Construct, TerraformStack } from "../core";

export interface AccountInfo {
  readonly accountId: string;
  readonly partition: string;
  /** `arn:<partition>:iam::<account>:root`, the principal that administers keys. */
  readonly rootArn: string;
  /** DNS suffix of the partition's endpoints, e.g. `amazonaws.com`. */
  readonly dnsSuffix: string;
}

/** Returns the stack's account lookups, creating them once under fixed IDs. */
export function accountOf(scope: Construct): AccountInfo {
  const stack = TerraformStack.of(scope);
  const identity =
    (stack.node.tryFindChild("CallerIdentity") as DataAwsCallerIdentity | undefined) ??
    new DataAwsCallerIdentity(stack, "CallerIdentity");
  const partition =
    (stack.node.tryFindChild("Partition") as DataAwsPartition | undefined) ??
    new DataAwsPartition(stack, "Partition");
  return {
    accountId: identity.accountId,
    partition: partition.partition,
    rootArn: `arn:${partition.partition}:iam::${identity.accountId}:root`,
    dnsSuffix: partition.dnsSuffix,
  };
}
