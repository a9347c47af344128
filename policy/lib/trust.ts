/**
 * Web-identity trust (IRSA on EKS, GitHub Actions OIDC, any OpenID Connect provider): a statement that
 * lets a federated identity assume a role must pin both the token's subject (`<issuer>:sub`, the
 * service account) and its audience (`<issuer>:aud`), and the subject must not be a wildcard.
 */
import type { Condition, Statement } from "./iam.js";

const WEB_IDENTITY = "sts:assumerolewithwebidentity";
/** Federated principals that are not OpenID Connect providers with `:sub` claims. */
const NOT_OIDC = ["cognito-identity.amazonaws.com"];

/** True for an Allow that lets an OpenID Connect identity (a `Federated` principal) assume the role. */
export function isWebIdentityTrust(s: Statement): boolean {
  if (s.effect !== "Allow") return false;
  const actions = s.actions.map((a) => a.toLowerCase());
  // A trust policy names a Federated principal; an identity policy that may call the API names none.
  const federated = s.principals.filter((p) => p.type === "Federated");
  if (federated.length === 0) return false;
  if (federated.every((p) => p.identifiers.every((id) => NOT_OIDC.includes(id)))) return false;
  return actions.some((a) => a === WEB_IDENTITY || a === "sts:*" || a === "*");
}

function claim(conditions: readonly Condition[], name: "sub" | "aud"): Condition[] {
  return conditions.filter((c) => c.variable.endsWith(`:${name}`));
}

/** True for a StringLike-style operator, where `*` and `?` are wildcards. */
function isLike(test: string): boolean {
  return /StringLike$/i.test(test);
}

/** What is wrong with one web-identity statement (empty when it pins subject and audience). */
export function trustProblems(s: Statement, where: string): string[] {
  const problems: string[] = [];
  const sub = claim(s.conditions, "sub");
  const aud = claim(s.conditions, "aud");
  if (sub.length === 0) {
    problems.push(
      `${where} has no <issuer>:sub condition; expected StringEquals on :sub naming the service account (system:serviceaccount:<namespace>:<name>)`,
    );
  }
  if (aud.length === 0) {
    problems.push(
      `${where} has no <issuer>:aud condition; expected StringEquals on :aud = "sts.amazonaws.com"`,
    );
  }
  for (const c of sub) {
    const wild = c.values.filter((v) => /[*?]/.test(v));
    if (isLike(c.test) && wild.length > 0) {
      problems.push(
        `${where} matches :sub with ${c.test} ${wild.map((v) => `"${v}"`).join(", ")} (a wildcard service account); expected StringEquals on one service account`,
      );
    }
  }
  return problems;
}
