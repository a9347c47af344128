import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { ServerlessapplicationrepositoryCloudformationStack } from "@cdktf/provider-aws/lib/serverlessapplicationrepository-cloudformation-stack";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Password } from "@cdktf/provider-random/lib/password";
import { Construct, Fn, type TerraformResource } from "../core";
import { Validator } from "../validation";
import { accountOf } from "./account";

/** AWS's single-user PostgreSQL rotation function in the Serverless Application Repository. */
export const POSTGRES_ROTATION_APPLICATION =
  "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser";
/**
 * Characters the rotation function never puts in a password: those RDS refuses (`/`, `@`, `"`, space)
 * and those that break connection URLs and shells. The space is inside the string, never at an end:
 * CloudFormation trims a parameter's edge whitespace, so a leading space would not be excluded, and
 * the stack would differ from its configuration on every plan.
 */
export const ROTATION_EXCLUDED_CHARACTERS = "%+~` #$&*()|[]{}:;<>?!'/@\"\\";

export interface PostgresMasterSecretProps {
  /** Database name; the secret is `<name>/postgres/master`, the function `<name>-postgres-rotation`. */
  readonly name: string;
  readonly region: string;
  /** Master user name, stored with the password. */
  readonly username: string;
  /** Key of the secret (the database's own key). */
  readonly kmsKeyArn: string;
  /** VPC and private subnets (with a NAT route to Secrets Manager) for the rotation function. */
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly subnetIds: readonly string[];
  readonly port: number;
  /**
   * Days between rotations.
   * @default 30
   */
  readonly rotationDays?: number;
  /**
   * Days Secrets Manager keeps a deleted secret recoverable.
   * @default 30
   */
  readonly recoveryWindowDays?: number;
}

/**
 * The master credential of a PostgreSQL instance whose replicas RDS must be able to create (which it
 * refuses when Secrets Manager manages the master password): a generated password written only
 * through write-only arguments (`password_wo` on the instance, `secret_string_wo` here, so neither the
 * database's nor the secret's state holds it; the generator's state does, in the encrypted state
 * bucket), a KMS-encrypted secret in the shape the rotation function expects, and rotation every
 * `rotationDays` by AWS's rotation function, run in the VPC with its own security group.
 *
 * Call {@link store} once the instance exists, with its address.
 */
export class PostgresMasterSecret extends Construct {
  public readonly secretArn: string;
  /** The generated first password, for the instance's `password_wo`. */
  public readonly initialPassword: string;
  /** Bump to write a new password through the write-only arguments. */
  public readonly passwordVersion = 1;
  /** Security group of the rotation function; the database must admit it on its port. */
  public readonly rotationSecurityGroupId: string;
  public readonly rotationDays: number;
  public readonly recoveryWindowDays: number;
  private readonly secret: SecretsmanagerSecret;
  private readonly props: PostgresMasterSecretProps;

  constructor(scope: Construct, id: string, props: PostgresMasterSecretProps) {
    super(scope, id);
    this.props = props;
    this.rotationDays = props.rotationDays ?? 30;
    this.recoveryWindowDays = props.recoveryWindowDays ?? 30;
    new Validator(`PostgresMasterSecret ${this.node.path}`)
      .check(
        Number.isInteger(this.rotationDays) && this.rotationDays >= 1 && this.rotationDays <= 1000,
        "rotationDays",
        this.rotationDays,
        "an integer 1..1000",
        "Secrets Manager rotates at most every day and at least every 1000 days",
      )
      .check(
        Number.isInteger(this.recoveryWindowDays) &&
          this.recoveryWindowDays >= 7 &&
          this.recoveryWindowDays <= 30,
        "recoveryWindowDays",
        this.recoveryWindowDays,
        "an integer 7..30",
        "a deleted secret must stay recoverable for at least a week",
      )
      .throwIfAny();

    const password = new Password(this, "Password", {
      length: 40,
      special: true,
      // None of ROTATION_EXCLUDED_CHARACTERS, so the first password obeys the rotated ones' rules.
      overrideSpecial: "-_=.",
      minLower: 4,
      minUpper: 4,
      minNumeric: 4,
      minSpecial: 2,
    });
    this.initialPassword = password.result;
    this.secret = new SecretsmanagerSecret(this, "Secret", {
      name: `${props.name}/postgres/master`,
      description: `Master credential of PostgreSQL ${props.name}, rotated every ${this.rotationDays} days`,
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: this.recoveryWindowDays,
    });
    this.secretArn = this.secret.arn;

    const group = new SecurityGroup(this, "RotationSecurityGroup", {
      namePrefix: `${props.name}-postgres-rotation-`,
      description: `Rotation function of ${props.name} PostgreSQL: to the database and Secrets Manager only`,
      vpcId: props.vpcId,
      revokeRulesOnDelete: true,
      tags: { Name: `${props.name}-postgres-rotation` },
      lifecycle: { createBeforeDestroy: true },
    });
    new VpcSecurityGroupEgressRule(this, "RotationToDatabase", {
      securityGroupId: group.id,
      cidrIpv4: props.vpcCidr,
      ipProtocol: "tcp",
      fromPort: props.port,
      toPort: props.port,
      description: "Rotation function to PostgreSQL",
    });
    new VpcSecurityGroupEgressRule(this, "RotationToSecretsManager", {
      securityGroupId: group.id,
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description: "Rotation function to the Secrets Manager endpoint through NAT",
    });
    this.rotationSecurityGroupId = group.id;
  }

  /** Writes the secret's first version (after the instance exists) and turns rotation on. */
  public store(host: string, dependsOn: readonly TerraformResource[]): TerraformResource[] {
    const p = this.props;
    const version = new SecretsmanagerSecretVersion(this, "Version", {
      secretId: this.secret.id,
      // The shape AWS's rotation functions read; written only (never read back into state).
      secretStringWo: Fn.jsonencode({
        engine: "postgres",
        host,
        port: p.port,
        username: p.username,
        password: this.initialPassword,
        dbname: "postgres",
      }),
      secretStringWoVersion: this.passwordVersion,
      dependsOn: [...dependsOn],
    });
    const account = accountOf(this);
    const functionName = `${p.name}-postgres-rotation`;
    const rotator = new ServerlessapplicationrepositoryCloudformationStack(this, "RotationFunction", {
      name: functionName,
      applicationId: POSTGRES_ROTATION_APPLICATION,
      capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
      parameters: {
        endpoint: `https://secretsmanager.${p.region}.${account.dnsSuffix}`,
        functionName,
        vpcSubnetIds: Fn.join(",", [...p.subnetIds]),
        vpcSecurityGroupIds: this.rotationSecurityGroupId,
        kmsKeyArn: p.kmsKeyArn,
        excludeCharacters: ROTATION_EXCLUDED_CHARACTERS,
      },
    });
    const rotation = new SecretsmanagerSecretRotation(this, "Rotation", {
      secretId: this.secret.id,
      rotationLambdaArn: Fn.lookup(rotator.outputs, "RotationLambdaARN", ""),
      rotationRules: { automaticallyAfterDays: this.rotationDays },
      // Rotate as soon as the first version is written, so the generated password that Terraform's
      // state holds (random_password) is no longer valid once the first apply is done.
      rotateImmediately: true,
      dependsOn: [version],
    });
    return [version, rotation];
  }
}
