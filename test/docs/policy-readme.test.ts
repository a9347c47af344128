/**
 * policy/README.md's "Stacks and tiers" paragraph and its in-code waiver example, checked against
 * policy/context.ts, policy/waive.ts and the constructs that waive.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BOOTSTRAP_STACK, loadEnvironments, stackNamesOf } from "../../environments/load";
import { contextForStack } from "../../policy/context";

const ROOT = path.resolve(__dirname, "..", "..");
const readme = readFileSync(path.join(ROOT, "policy", "README.md"), "utf8");

describe("policy/README.md: stacks and tiers", () => {
  const section = readme.slice(readme.indexOf("## Stacks and tiers"), readme.indexOf("## Rule anatomy"));

  it("lists the context's fields as contextForStack returns them", () => {
    const listed = /`\{ (stack, tier[^}]*) \}`/.exec(section)?.[1];
    expect(listed, "the `{ stack, tier, ... }` list").toBeDefined();
    const fields = listed!.split(", ").map((f) => f.replace(/\?$/, ""));
    const dev = loadEnvironments().find((e) => e.tier === "development")!;
    expect(Object.keys(contextForStack(dev.name)).sort()).toEqual([...fields].sort());
  });

  it.each([
    ["`dev` is `development`", ["dev"], "development"],
    ["`staging` is `staging`", ["staging"], "staging"],
    [
      "`prod`, `prod-blue` and `prod-green` are `production`",
      ["prod", "prod-blue", "prod-green"],
      "production",
    ],
  ])("says %s, as contextForStack does", (phrase, stacks, tier) => {
    expect(section.replace(/\s+/g, " ")).toContain(phrase);
    for (const stack of stacks) expect(contextForStack(stack).tier, stack).toBe(tier);
  });

  it("takes the backup floor and the cluster admins from each stack's environment", () => {
    for (const env of loadEnvironments()) {
      for (const stack of stackNamesOf(env)) {
        expect(contextForStack(stack)).toEqual({
          stack,
          tier: env.tier,
          minBackupRetentionDays: env.aws!.database.backupRetentionDays,
          adminRoleArns: env.aws!.kubernetes.adminRoleArns,
        });
      }
    }
  });

  it("holds bootstrap and unknown stacks to production, with no backup floor and no admins", () => {
    expect(section).toContain("`bootstrap` (it holds the remote-state bucket) and unknown");
    for (const stack of [BOOTSTRAP_STACK, "not-a-stack"]) {
      expect(contextForStack(stack)).toEqual({ stack, tier: "production" });
    }
  });
});

describe("policy/README.md: the in-code waiver example", () => {
  const specifier = /import \{ waive \} from "([^"]+)"; \/\/ from constructs\/<area>\//.exec(readme)?.[1];

  it("imports waive() from a path that exists, seen from a file in constructs/<area>/", async () => {
    expect(specifier, "the import line of the example").toBeDefined();
    const file = path.resolve(ROOT, "constructs", "k8s", `${specifier}.ts`);
    expect(existsSync(file), file).toBe(true);
    const module = (await import(file)) as { waive?: unknown };
    expect(typeof module.waive).toBe("function");
  });

  it("is the import the constructs that waive actually write", () => {
    const logging = readFileSync(path.join(ROOT, "constructs", "k8s", "logging.ts"), "utf8");
    expect(logging).toContain(`import { waive } from "${specifier}";`);
  });
});
