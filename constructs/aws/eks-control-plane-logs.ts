import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "../core";
import { KmsKey, logGroupGrant } from "./kms-key";

/** Every control-plane log type EKS offers. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export interface EksControlPlaneLogsProps {
  /** Literal cluster name; EKS writes to `/aws/eks/<name>/cluster`. */
  readonly name: string;
  /** The stack's region, for the CloudWatch Logs key grant. */
  readonly region: string;
  /** Days to keep the logs, a CloudWatch Logs retention value (the cluster validates it). */
  readonly retentionDays: number;
  /**
   * Protect the log key from `terraform destroy`.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * The log group EKS writes control-plane logs to, created ahead of the cluster (which must depend on
 * it) so that EKS does not create an unencrypted one, and its own KMS key, usable by CloudWatch Logs
 * for this log group only.
 */
export class EksControlPlaneLogs extends Construct {
  public readonly logGroup: CloudwatchLogGroup;
  public readonly logGroupName: string;
  public readonly keyArn: string;

  constructor(scope: Construct, id: string, props: EksControlPlaneLogsProps) {
    super(scope, id);
    this.logGroupName = `/aws/eks/${props.name}/cluster`;
    const key = new KmsKey(this, "Key", {
      description: `EKS ${props.name} control-plane logs`,
      alias: `alias/${props.name}/eks-logs`,
      preventDestroy: props.preventDestroy,
      services: [logGroupGrant(this, props.region, this.logGroupName)],
    });
    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: this.logGroupName,
      retentionInDays: props.retentionDays,
      kmsKeyId: key.keyArn,
    });
    this.keyArn = key.keyArn;
  }
}
