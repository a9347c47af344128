import { describe, expect, it } from "vitest";
import { Testing } from "../../../constructs/core";
import { DatabaseUrlSecret, type DatabaseUrlSecretProps } from "../../../constructs/k8s/database-url-secret";
import { dataSourcesOf, resourcesOf } from "../../helpers";

const props: DatabaseUrlSecretProps = {
  name: "user-service-database",
  namespace: "user-service",
  username: "user_service",
  host: "db.example.internal",
  port: 5432,
};
const synth = (overrides: Partial<DatabaseUrlSecretProps> = {}) =>
  Testing.synthScope((scope) => new DatabaseUrlSecret(scope, "Url", { ...props, ...overrides }));

describe("DatabaseUrlSecret", () => {
  it("names the service's own role with TLS required and holds no password", () => {
    const out = synth();
    const [secret] = Object.values(resourcesOf(out, "kubernetes_secret_v1"));
    expect(secret).toMatchObject({
      metadata: { name: "user-service-database", namespace: "user-service" },
      type: "Opaque",
    });
    const url = (secret!.data as Record<string, string>).DATABASE_URL!;
    expect(url).toBe("postgresql://user_service@db.example.internal:5432/postgres?sslmode=require");
    // Nothing reads a credential at plan or apply time.
    expect(dataSourcesOf(out, "aws_secretsmanager_secret_version")).toEqual({});
  });

  it("rejects a bad secret name, database name and role name", () => {
    expect(() =>
      synth({ name: "User_Service", database: "drop table", username: "user-service" }),
    ).toThrowError(
      /name: got "User_Service"; allowed: a DNS label[\s\S]*database: got "drop table"; allowed: a PostgreSQL identifier[\s\S]*username: got "user-service"; allowed: a PostgreSQL identifier/,
    );
  });
});
