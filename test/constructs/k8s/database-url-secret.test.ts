import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";
import { describe, expect, it } from "vitest";
import { Testing } from "../../../constructs/core";
import { DatabaseUrlSecret, type DatabaseUrlSecretProps } from "../../../constructs/k8s/database-url-secret";
import { resourcesOf } from "../../helpers";

const props: DatabaseUrlSecretProps = {
  name: "user-service-database",
  namespace: "user-service",
  credentialsSecretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-1",
  host: "db.example.internal",
  port: 5432,
};
const synth = (overrides: Partial<DatabaseUrlSecretProps> = {}) =>
  Testing.synthScope((scope) => new DatabaseUrlSecret(scope, "Url", { ...props, ...overrides }));

const secretLabel = (url: string) =>
  /aws_secretsmanager_secret_version\.(Url_Credentials_[0-9A-F]{8})/.exec(url)![1]!;

describe("DatabaseUrlSecret", () => {
  it("assembles DATABASE_URL from the RDS-managed secret at apply time, never from literals", () => {
    const out = synth();
    expect(out).toHaveDataSourceWithProperties(DataAwsSecretsmanagerSecretVersion, {
      secret_id: props.credentialsSecretArn,
    });
    const [secret] = Object.values(resourcesOf(out, "kubernetes_secret_v1"));
    expect(secret).toMatchObject({
      metadata: { name: "user-service-database", namespace: "user-service" },
      type: "Opaque",
    });
    const url = (secret!.data as Record<string, string>).DATABASE_URL!;
    const field = (key: string) =>
      `\${urlencode(jsondecode(data.aws_secretsmanager_secret_version.${secretLabel(url)}.secret_string).${key})}`;
    expect(url).toBe(
      `postgresql://${field("username")}:${field("password")}@db.example.internal:5432/postgres?sslmode=require`,
    );
  });

  it("rejects a bad secret name and database name", () => {
    expect(() => synth({ name: "User_Service", database: "drop table" })).toThrowError(
      /name: got "User_Service"; allowed: a DNS label[\s\S]*database: got "drop table"; allowed: a PostgreSQL identifier/,
    );
  });
});
