/**
 * Stack -> policy context, from the environment files: each stack's tier, the configured backup
 * retention its databases must meet, and the IAM roles allowed cluster-admin on its clusters
 * (`aws.kubernetes.adminRoleArns`). `bootstrap` (the state bucket) is held to production rules.
 */
import { BOOTSTRAP_STACK, loadEnvironments, stackNamesOf } from "../environments/load";
import type { PolicyContext } from "./types.js";

let contexts: Map<string, PolicyContext> | undefined;

function load(): Map<string, PolicyContext> {
  const map = new Map<string, PolicyContext>([
    [BOOTSTRAP_STACK, { stack: BOOTSTRAP_STACK, tier: "production" }],
  ]);
  for (const env of loadEnvironments()) {
    for (const stack of stackNamesOf(env)) {
      map.set(stack, {
        stack,
        tier: env.tier,
        minBackupRetentionDays: env.aws?.database.backupRetentionDays,
        adminRoleArns: env.aws?.kubernetes.adminRoleArns,
      });
    }
  }
  return map;
}

/** The context the engine passes to every rule for a stack. Unknown stacks get production rules. */
export function contextForStack(stack: string): PolicyContext {
  contexts ??= load();
  return contexts.get(stack) ?? { stack, tier: "production" };
}
