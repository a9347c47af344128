import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Construct, Fn, type TerraformResource } from "../core";
import { Validator } from "../validation";
import { isDnsLabel } from "./k8s-validation";

export interface DatabaseUrlSecretProps {
  /** Secret name in the workload's namespace, e.g. `user-service-database`. */
  readonly name: string;
  readonly namespace: string;
  /** ARN of the Secrets Manager secret RDS manages (`{"username": ..., "password": ...}`). */
  readonly credentialsSecretArn: string;
  readonly host: string;
  readonly port: number;
  /**
   * Database name.
   * @default "postgres"
   */
  readonly database?: string;
  /** Resources the Secret waits for, e.g. the namespace. */
  readonly dependsOn?: readonly TerraformResource[];
}

/**
 * A Kubernetes Secret with `DATABASE_URL` (`sslmode=require`; the server also forces TLS) assembled at apply time from the
 * credentials RDS keeps in Secrets Manager. The synthesized JSON holds only references; the value
 * lives in the (encrypted) Terraform state and in the cluster's (KMS-encrypted) etcd.
 *
 * RDS rotates a managed master password every 7 days by default; a re-apply refreshes the Secret.
 * A per-application database role with IAM authentication is the long-term replacement.
 */
export class DatabaseUrlSecret extends Construct {
  public readonly secretName: string;
  public readonly key = "DATABASE_URL";
  /** The Secret resource, for workloads that must be applied after it. */
  public readonly secret: SecretV1;

  constructor(scope: Construct, id: string, props: DatabaseUrlSecretProps) {
    super(scope, id);
    const database = props.database ?? "postgres";
    new Validator(`DatabaseUrlSecret ${this.node.path}`)
      .check(isDnsLabel(props.name), "name", props.name, "a DNS label", "Secret names are DNS labels")
      .check(
        /^[A-Za-z_][A-Za-z0-9_]*$/.test(database),
        "database",
        database,
        "a PostgreSQL identifier",
        "use letters, digits and _",
      )
      .throwIfAny();
    const version = new DataAwsSecretsmanagerSecretVersion(this, "Credentials", {
      secretId: props.credentialsSecretArn,
    });
    const credentials = Fn.jsondecode(version.secretString);
    const user = Fn.urlencode(Fn.lookup(credentials, "username", ""));
    const password = Fn.urlencode(Fn.lookup(credentials, "password", ""));
    this.secret = new SecretV1(this, "Secret", {
      metadata: { name: props.name, namespace: props.namespace },
      type: "Opaque",
      data: {
        [this.key]:
          `postgresql://${user}:${password}@${props.host}:${props.port}/${database}?sslmode=require`,
      },
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
    this.secretName = props.name;
  }
}
