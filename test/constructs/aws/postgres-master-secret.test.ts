/**
 * PostgresMasterSecret on its own: the generated password and the characters it may hold, the secret,
 * the rotation function's security group, what `store()` writes (the write-only secret version, the
 * SAR rotation function and an immediate rotation), and the validation of the two day counts.
 * PostgresDatabase's use of it is covered in postgres-database.test.ts.
 */
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { describe, expect, it } from "vitest";
import {
  POSTGRES_ROTATION_APPLICATION,
  PostgresMasterSecret,
  type PostgresMasterSecretProps,
  ROTATION_EXCLUDED_CHARACTERS,
} from "../../../constructs/aws/postgres-master-secret";
import { Testing } from "../../../constructs/core";
import { errorOf, logicalIds, problem, resourceById, resourcesOf } from "../../helpers";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1111";
const props: PostgresMasterSecretProps = {
  name: "prod",
  region: "eu-west-1",
  username: "platform_admin",
  kmsKeyArn: KEY,
  vpcId: "vpc-0123456789abcdef0",
  vpcCidr: "10.20.0.0/16",
  subnetIds: ["subnet-a", "subnet-b"],
  port: 5432,
};

/** The secret, and with `store` its version and rotation after a stand-in database instance. */
function synth(overrides: Partial<PostgresMasterSecretProps> = {}, store = true): string {
  return Testing.synthScope((scope) => {
    const secret = new PostgresMasterSecret(scope, "Master", { ...props, ...overrides });
    if (!store) return;
    const db = new DbInstance(scope, "Database", {
      identifier: "prod-postgres",
      engine: "postgres",
      instanceClass: "db.t4g.micro",
      allocatedStorage: 20,
      username: props.username,
      passwordWo: secret.initialPassword,
      passwordWoVersion: secret.passwordVersion,
    });
    secret.store(db.address, [db]);
  });
}

describe("PostgresMasterSecret", () => {
  const out = synth();

  it("generates a 40-character password from characters the rotation function also uses", () => {
    const password = resourceById(out, "random_password", "Master_Password");
    expect(password).toMatchObject({
      length: 40,
      special: true,
      override_special: "-_=.",
      min_lower: 4,
      min_upper: 4,
      min_numeric: 4,
      min_special: 2,
    });
    for (const c of String(password.override_special)) expect(ROTATION_EXCLUDED_CHARACTERS).not.toContain(c);
  });

  it("excludes what RDS refuses, with the space inside the string where CloudFormation keeps it", () => {
    for (const c of ["/", "@", '"', " "]) expect(ROTATION_EXCLUDED_CHARACTERS).toContain(c);
    expect(ROTATION_EXCLUDED_CHARACTERS).toBe(ROTATION_EXCLUDED_CHARACTERS.trim());
  });

  it("keeps the credential in a KMS-encrypted secret, recoverable for 30 days", () => {
    expect(out).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name: "prod/postgres/master",
      kms_key_id: KEY,
      recovery_window_in_days: 30,
      description: "Master credential of PostgreSQL prod, rotated every 30 days",
    });
  });

  it("gives the rotation function a group that reaches only the database port and HTTPS", () => {
    expect(resourceById(out, "aws_security_group", "Master_RotationSecurityGroup")).toMatchObject({
      name_prefix: "prod-postgres-rotation-",
      vpc_id: "vpc-0123456789abcdef0",
      revoke_rules_on_delete: true,
      lifecycle: { create_before_destroy: true },
    });
    expect(logicalIds(out, "aws_vpc_security_group_egress_rule")).toEqual([
      "Master_RotationToDatabase",
      "Master_RotationToSecretsManager",
    ]);
    expect(
      resourceById(out, "aws_vpc_security_group_egress_rule", "Master_RotationToDatabase"),
    ).toMatchObject({
      cidr_ipv4: "10.20.0.0/16",
      ip_protocol: "tcp",
      from_port: 5432,
      to_port: 5432,
    });
    expect(
      resourceById(out, "aws_vpc_security_group_egress_rule", "Master_RotationToSecretsManager"),
    ).toMatchObject({ ip_protocol: "tcp", from_port: 443, to_port: 443 });
    expect(resourcesOf(out, "aws_vpc_security_group_ingress_rule")).toEqual({});
  });

  it("writes the first version write-only, in the rotation function's shape, after the database", () => {
    const version = resourceById(out, "aws_secretsmanager_secret_version", "Master_Version");
    expect(version).not.toHaveProperty("secret_string");
    expect(version.secret_string_wo_version).toBe(1);
    expect(version.depends_on).toEqual(["aws_db_instance.Database"]);
    const body = String(version.secret_string_wo);
    expect(body).toMatch(/^\$\{jsonencode\(/);
    for (const field of [
      '"engine" = "postgres"',
      '"port" = 5432',
      '"username" = "platform_admin"',
      '"dbname" = "postgres"',
    ])
      expect(body).toContain(field);
    expect(body).toMatch(/"host" = aws_db_instance\.Database\.address/);
    expect(body).toMatch(/"password" = random_password\.Master_Password_[0-9A-F]{8}\.result/);
  });

  it("deploys AWS's rotation function in the VPC with the key and the excluded characters", () => {
    const stack = resourceById(
      out,
      "aws_serverlessapplicationrepository_cloudformation_stack",
      "Master_RotationFunction",
    );
    expect(stack).toMatchObject({
      name: "prod-postgres-rotation",
      application_id: POSTGRES_ROTATION_APPLICATION,
      capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
    });
    expect(stack.parameters).toMatchObject({
      functionName: "prod-postgres-rotation",
      kmsKeyArn: KEY,
      excludeCharacters: ROTATION_EXCLUDED_CHARACTERS,
      vpcSecurityGroupIds: expect.stringMatching(
        /aws_security_group\.Master_RotationSecurityGroup_[0-9A-F]{8}\.id/,
      ),
      vpcSubnetIds: expect.stringContaining("subnet-a"),
      endpoint: expect.stringMatching(/^https:\/\/secretsmanager\.eu-west-1\./),
    });
  });

  it("rotates every 30 days, and once right after the first apply", () => {
    expect(resourceById(out, "aws_secretsmanager_secret_rotation", "Master_Rotation")).toMatchObject({
      rotation_rules: { automatically_after_days: 30 },
      rotate_immediately: true,
      rotation_lambda_arn: expect.stringContaining("RotationLambdaARN"),
      depends_on: [expect.stringMatching(/^aws_secretsmanager_secret_version\.Master_Version_/)],
    });
  });

  it("writes no version and no rotation before store() is called", () => {
    const unstored = synth({}, false);
    expect(resourcesOf(unstored, "aws_secretsmanager_secret_version")).toEqual({});
    expect(resourcesOf(unstored, "aws_secretsmanager_secret_rotation")).toEqual({});
    expect(resourcesOf(unstored, "aws_serverlessapplicationrepository_cloudformation_stack")).toEqual({});
  });

  it("takes the rotation period and recovery window from its props", () => {
    const custom = synth({ rotationDays: 7, recoveryWindowDays: 7 });
    expect(resourceById(custom, "aws_secretsmanager_secret", "Master_Secret").recovery_window_in_days).toBe(
      7,
    );
    expect(
      resourceById(custom, "aws_secretsmanager_secret_rotation", "Master_Rotation").rotation_rules,
    ).toEqual({
      automatically_after_days: 7,
    });
  });

  describe("validation", () => {
    it.each([
      ["rotation every 0 days", { rotationDays: 0 }, "rotationDays", 0, "an integer 1..1000"],
      ["rotation every 1001 days", { rotationDays: 1001 }, "rotationDays", 1001, "an integer 1..1000"],
      ["a fractional rotation period", { rotationDays: 1.5 }, "rotationDays", 1.5, "an integer 1..1000"],
      ["a 6-day recovery window", { recoveryWindowDays: 6 }, "recoveryWindowDays", 6, "an integer 7..30"],
      ["a 31-day recovery window", { recoveryWindowDays: 31 }, "recoveryWindowDays", 31, "an integer 7..30"],
    ] as const)("rejects %s", (_case, overrides, field, value, allowed) => {
      expect(errorOf(() => synth(overrides))).toContain(problem(field, value, allowed));
    });

    it("reports both problems at once, naming the construct", () => {
      const message = errorOf(() => synth({ rotationDays: 0, recoveryWindowDays: 0 }));
      expect(message).toMatch(/^PostgresMasterSecret .*Master: 2 invalid prop\(s\)/);
    });
  });
});
