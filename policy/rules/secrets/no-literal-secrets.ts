import { ref, stackOf } from "../../lib/fixture.js";
import { literalSecretsOf, redact } from "../../lib/secrets.js";
import { ANY_BLOCK, type Rule, type RuleFixtures } from "../../types.js";

/** Secrets come from where they live, never from the source code. */
const rule: Rule = {
  id: "PLAT-SECRET-001",
  severity: "CRITICAL",
  resourceTypes: [ANY_BLOCK],
  description:
    "No literal secret anywhere: password/secret_string/token/key attributes, every *_wo argument, helm values and set/set_sensitive, kubernetes_secret data/string_data and Secret manifests hold Terraform references to where the secret lives, never text.",
  fix: "Reference the secret where it lives (random_password, a Secrets Manager secret, a Kubernetes Secret filled out of band) or leave an empty placeholder; rotate any secret that was committed.",
  check: (view) =>
    literalSecretsOf(view).map(
      (hit) =>
        `${hit.path} is a literal ${redact(hit.value)}; expected a reference (\${...}) to where the secret lives`,
    ),
};
export default rule;

export const fixtures: RuleFixtures = {
  pass: stackOf({
    aws_db_instance: {
      db: { password_wo: ref("random_password.db.result"), password_wo_version: 1, username: "admin" },
    },
    aws_secretsmanager_secret_version: { v: { secret_string: ref("random_password.db.result") } },
    kubernetes_secret_v1: {
      grafana: {
        data: { "admin-user": "admin", "admin-password": ref("random_password.g.result"), key: "" },
      },
    },
    helm_release: {
      grafana: {
        values: ['{"grafana":{"admin":{"existingSecret":"grafana-admin","passwordKey":"admin-password"}}}'],
        set_sensitive: [{ name: "adminPassword", value: ref("random_password.g.result") }],
      },
    },
  }),
  fail: stackOf({
    aws_secretsmanager_secret_version: { v: { secret_string_wo: "hunter2hunter2" } },
    helm_release: { grafana: { values: ["grafana:\n  adminPassword: admin\n"] } },
    kubernetes_secret_v1: { app: { string_data: { "api-key": "abc123" } } },
  }),
  attribute: "literal",
};
