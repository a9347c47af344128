/**
 * Terraform itself reads every synthesized stack: `validate` and `plan` against an empty local state,
 * through the stand-in providers (see harness.ts), with zero errors. Each stack's plan is kept as a
 * small snapshot (`plans/<stack>.txt`) to review like code. `init` installs the providers from the
 * mirror for each stack; validate, plan and show then attach to one running server per provider
 * (`serveProviders`) rather than starting the plugin a dozen times per stack.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_STACKS, synthDir as sharedSynthDir, tempDir } from "../helpers";
import { checkStack, offlineTerraform, type StackCheck, stacksIn } from "./harness";
import { planSummary } from "./plan-summary";
import { type ProviderServers, serveProviders, terraformAvailable } from "./plugin/harness";

const HAVE_TERRAFORM = terraformAvailable();
if (!HAVE_TERRAFORM) {
  if (process.env.CI) throw new Error("terraform is not on PATH; CI must validate and plan every stack");
  console.warn("skipping terraform validate/plan of the stacks: terraform is not on PATH");
}

describe.skipIf(!HAVE_TERRAFORM)("terraform over every stack", () => {
  const synthDir = sharedSynthDir();
  const stacks = stacksIn(synthDir);
  const results = new Map<string, StackCheck>();
  let servers: ProviderServers | undefined;

  beforeAll(async () => {
    const root = tempDir("tf-stacks");
    const tf = offlineTerraform([synthDir], join(root, "mirror"));
    servers = await serveProviders(tf.mirror);
    for (const stack of stacks)
      results.set(stack, checkStack(tf, join(synthDir, "stacks"), stack, join(root, stack), servers));
  }, 600_000);
  afterAll(() => servers?.stop());

  it("covers every stack the app synthesizes", () => {
    expect(stacks).toEqual(ALL_STACKS);
  });

  it.each(stacks)("validates %s with zero errors", (stack) => {
    const r = results.get(stack)!;
    expect(r.validate.stderr).toBe("");
    expect(r.validate.code).toBe(0);
    expect(r.validate.stdout).toMatch(/The configuration is valid/);
  });

  it.each(stacks)("plans %s against an empty state with zero errors", async (stack) => {
    const r = results.get(stack)!;
    expect(r.plan.stderr).toBe("");
    expect(r.plan.code).toBe(0);
    const plan = r.planJson!;
    const changes = plan.resource_changes ?? [];
    expect(changes.length).toBeGreaterThan(0);
    // Everything is created, except what an import block adopts (the CloudFlare zone, which exists).
    const managed = changes.filter((c) => c.mode === "managed");
    expect(
      managed.filter(
        (c) => c.change.actions.join() !== "create" && !(c.change as { importing?: unknown }).importing,
      ),
    ).toEqual([]);
    await expect(planSummary(plan)).toMatchFileSnapshot(`plans/${stack}.txt`);
  });
});
