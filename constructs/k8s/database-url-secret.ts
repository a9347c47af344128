import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Construct, dependOn, type TerraformResource } from "../core";
import { Validator } from "../validation";
import { isDnsLabel } from "./k8s-validation";

export interface DatabaseUrlSecretProps {
  /** Secret name. */
  readonly name: string;
  readonly namespace: string;
  /** The service's own database role; it logs in with a short-lived token from its cloud identity. */
  readonly username: string;
  /** Database host (the primary's address). */
  readonly host: string;
  readonly port: number;
  /**
   * Database name.
   * @default "postgres"
   */
  readonly database?: string;
  /**
   * Resources the Secret waits for, e.g. the namespace.
   * @default - none
   */
  readonly dependsOn?: readonly TerraformResource[];
}

/**
 * A `DATABASE_URL` for a service that authenticates with IAM database authentication: the URL names
 * the service's own role, host, port and database, with TLS required, and holds no password. The
 * service signs a short-lived token with its workload identity (`rds generate-db-auth-token`) and
 * passes it as the password, so no stack, state file or Secret ever holds a database password, and
 * nothing breaks when the master password rotates.
 */
export class DatabaseUrlSecret extends Construct {
  public readonly secretName: string;
  public readonly key = "DATABASE_URL";
  public readonly secret: SecretV1;
  public readonly username: string;

  constructor(scope: Construct, id: string, props: DatabaseUrlSecretProps) {
    super(scope, id);
    const database = props.database ?? "postgres";
    const identifier = /^[a-z_][a-z0-9_]{0,62}$/;
    new Validator(`DatabaseUrlSecret ${this.node.path}`)
      .check(isDnsLabel(props.name), "name", props.name, "a DNS label", "Secret names are DNS labels")
      .check(
        identifier.test(database),
        "database",
        database,
        "a PostgreSQL identifier",
        "use lower-case letters, digits and _",
      )
      .check(
        identifier.test(props.username),
        "username",
        props.username,
        "a PostgreSQL identifier of at most 63 characters",
        "derive it from the service name with _ for -, e.g. user_service",
      )
      .throwIfAny();
    this.username = props.username;
    this.secret = new SecretV1(this, "Secret", {
      metadata: { name: props.name, namespace: props.namespace },
      type: "Opaque",
      data: {
        [this.key]: `postgresql://${props.username}@${props.host}:${props.port}/${database}?sslmode=require`,
      },
    });
    dependOn(this.secret, props.dependsOn ?? []);
    this.secretName = props.name;
  }
}
