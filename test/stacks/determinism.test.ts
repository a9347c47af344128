import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Id } from "@cdktf/provider-random/lib/id";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  App,
  Aspects,
  Fn,
  Lazy,
  resourceCountOf,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  withResolutionReuse,
} from "../../constructs/core";
import { ENVIRONMENTS_DIR } from "../../environments/load";
import { synth } from "../../scripts/synth";
import { synthDir, tempDir } from "../helpers";

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.set(relative(dir, path), readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return out;
}

describe("determinism", () => {
  // The second synth takes cdktf's own path (every element resolved twice), so this also shows that
  // resolving each element once (withResolutionReuse, constructs/core.ts) writes the same bytes.
  it("synthesizes byte-identical output twice, the second time resolving every element twice as cdktf does", async () => {
    const second = join(tempDir("platform-det"), "cdktf.out");
    process.env.SYNTH_RESOLVE_TWICE = "1";
    try {
      expect(
        await synth({ environmentsDir: ENVIRONMENTS_DIR, outdir: second, atomic: true, log: () => {} }),
      ).toBe(0);
    } finally {
      delete process.env.SYNTH_RESOLVE_TWICE;
    }
    const [a, b] = [files(synthDir()), files(second)];
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [path, text] of a) expect(b.get(path), path).toBe(text);
  });
});

describe("withResolutionReuse", () => {
  /** A producer and a consumer stack with a cross-stack reference; counts each element's toTerraform. */
  function synthCounting(reuse: boolean): { calls: Map<string, number>; out: string } {
    const calls = new Map<string, number>();
    const outdir = tempDir("reuse");
    const run = () => {
      const app = new App({ outdir });
      const producer = new TerraformStack(app, "producer");
      new RandomProvider(producer, "Random");
      const a = new Id(producer, "A", { byteLength: 4 });
      const consumer = new TerraformStack(app, "consumer");
      new RandomProvider(consumer, "Random");
      // A cross-stack reference, a function of one, and a lazy value.
      const b = new TerraformOutput(consumer, "B", { value: a.hex });
      const c = new TerraformOutput(consumer, "C", { value: Fn.upper(a.b64Std) });
      const d = new TerraformOutput(consumer, "D", { value: Lazy.stringValue({ produce: () => "lazy" }) });
      for (const element of [a, b, c, d]) {
        const original = element.toTerraform.bind(element);
        element.toTerraform = () => {
          calls.set(element.node.id, (calls.get(element.node.id) ?? 0) + 1);
          return original();
        };
      }
      app.synth();
    };
    if (reuse) withResolutionReuse(run);
    else run();
    const out = ["producer", "consumer"]
      .map((s) => readFileSync(join(outdir, "stacks", s, "cdk.tf.json"), "utf8"))
      .join("\n");
    return { calls, out };
  }

  it("builds and resolves each element once instead of twice, and writes the same stacks", () => {
    const once = synthCounting(true);
    const twice = synthCounting(false);
    expect([...once.calls.values()]).toEqual([1, 1, 1, 1]);
    expect([...twice.calls.values()]).toEqual([2, 2, 2, 2]);
    expect(once.out).toBe(twice.out);
    // The cross-stack output and remote state created while preparing are in both.
    expect(once.out).toContain("cross-stack-output");
    expect(once.out).toContain("terraform_remote_state");
  });

  it("resolves a stack with an Aspect after the Aspect ran, as cdktf does", () => {
    const synthOnce = (reuse: boolean) => {
      const outdir = tempDir("reuse-aspect");
      const run = () => {
        const app = new App({ outdir });
        const stack = new TerraformStack(app, "aspected");
        new RandomProvider(stack, "Random");
        const id = new Id(stack, "A", { byteLength: 4 });
        // An Aspect that changes a resource after the stacks were prepared.
        Aspects.of(stack).add({ visit: (node) => node === id && id.addOverride("byte_length", 8) });
        app.synth();
      };
      if (reuse) withResolutionReuse(run);
      else run();
      return readFileSync(join(outdir, "stacks", "aspected", "cdk.tf.json"), "utf8");
    };
    const once = synthOnce(true);
    expect(once).toBe(synthOnce(false));
    expect(JSON.parse(once).resource.random_id.A.byte_length).toBe(8);
  });

  it("merges the stack's raw overrides as cdktf does: undefined deletes, a token replaces the block", () => {
    const synthOnce = (reuse: boolean) => {
      const outdir = tempDir("reuse-overrides");
      const run = () => {
        const app = new App({ outdir });
        const stack = new TerraformStack(app, "overridden");
        new RandomProvider(stack, "Random");
        new Id(stack, "A", { byteLength: 4 });
        new TerraformOutput(stack, "Kept", { value: "kept" });
        new TerraformOutput(stack, "Dropped", { value: "dropped" });
        stack.addOverride("output.Dropped", undefined);
        stack.addOverride(
          "terraform.backend",
          Lazy.anyValue({ produce: () => ({ local: { path: "x.tfstate" } }) }),
        );
        app.synth();
      };
      if (reuse) withResolutionReuse(run);
      else run();
      return readFileSync(join(outdir, "stacks", "overridden", "cdk.tf.json"), "utf8");
    };
    const once = synthOnce(true);
    expect(once).toBe(synthOnce(false));
    const doc = JSON.parse(once);
    expect(Object.keys(doc.output)).toEqual(["Kept"]);
    expect(doc.terraform.backend).toEqual({ local: { path: "x.tfstate" } });
  });

  it("keeps a stack override out of arrays that resources share, as cdktf does", () => {
    const synthOnce = (reuse: boolean) => {
      const outdir = tempDir("reuse-shared");
      const shared = ["a", "b"];
      const run = () => {
        const app = new App({ outdir });
        const stack = new TerraformStack(app, "shared");
        const r1 = new TerraformResource(stack, "R1", { terraformResourceType: "null_resource" });
        const r2 = new TerraformResource(stack, "R2", { terraformResourceType: "null_resource" });
        r1.addOverride("triggers_list", shared);
        r2.addOverride("triggers_list", Object.freeze(shared.slice()));
        r2.addOverride("nested", [{ name: "kept" }]);
        stack.addOverride("resource.null_resource.R1.triggers_list.0", "changed-only-in-R1");
        stack.addOverride("resource.null_resource.R2.triggers_list.1", "changed-frozen");
        stack.addOverride("resource.null_resource.R2.nested.0.name", "changed");
        app.synth();
      };
      if (reuse) withResolutionReuse(run);
      else run();
      return { out: readFileSync(join(outdir, "stacks", "shared", "cdk.tf.json"), "utf8"), shared };
    };
    const once = synthOnce(true);
    expect(once.out).toBe(synthOnce(false).out);
    expect(once.shared).toEqual(["a", "b"]);
    const doc = JSON.parse(once.out).resource.null_resource;
    expect(doc.R1.triggers_list).toEqual(["changed-only-in-R1", "b"]);
    expect(doc.R2.triggers_list).toEqual(["a", "changed-frozen"]);
    expect(doc.R2.nested).toEqual([{ name: "changed" }]);
  });

  it("counts the resources the file holds: moved, sharing a logical ID, or added by an override", () => {
    for (const reuse of [true, false]) {
      const outdir = tempDir("reuse-count");
      let counts: number[] = [];
      const run = () => {
        const app = new App({ outdir });
        const stack = new TerraformStack(app, "counted");
        const plain = new TerraformStack(app, "plain");
        new TerraformResource(plain, "Only", { terraformResourceType: "null_resource" });
        new TerraformResource(stack, "Old", { terraformResourceType: "null_resource" }).moveTo("new");
        new TerraformResource(stack, "New", { terraformResourceType: "null_resource" }).addMoveTarget("new");
        for (const id of ["One", "Two"]) {
          new TerraformResource(stack, id, { terraformResourceType: "null_resource" }).overrideLogicalId(
            "Same",
          );
        }
        stack.addOverride("resource.null_resource.Added", { triggers: { a: "b" } });
        expect(() => resourceCountOf(stack)).toThrow(/counted.*not been synthesized.*app\.synth\(\)/);
        app.synth();
        counts = [resourceCountOf(stack), resourceCountOf(plain)];
      };
      if (reuse) withResolutionReuse(run);
      else run();
      const written = (name: string) =>
        Object.keys(
          JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8")).resource
            .null_resource,
        );
      expect(written("counted").sort()).toEqual(["Added", "New", "Same"]);
      expect(counts).toEqual([written("counted").length, written("plain").length]);
    }
  });

  it("counts resources with HCL output too, which builds no JSON document", () => {
    const outdir = tempDir("reuse-hcl");
    // How `cdktf synth --hcl` asks for it (the stack synthesizer reads this, not the App's option).
    process.env.SYNTH_HCL_OUTPUT = "true";
    onTestFinished(() => {
      delete process.env.SYNTH_HCL_OUTPUT;
    });
    withResolutionReuse(() => {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, "hcl");
      new TerraformResource(stack, "A", { terraformResourceType: "null_resource" });
      new TerraformResource(stack, "B", { terraformResourceType: "null_resource" });
      app.synth();
      expect(resourceCountOf(stack)).toBe(2);
    });
    expect(readFileSync(join(outdir, "stacks", "hcl", "cdk.tf"), "utf8")).toContain("null_resource");
  });

  it("is used where a Lazy value cannot depend on what preparing adds (every Lazy here is read for that)", () => {
    // A Lazy is produced while preparing: one that reads cross-stack outputs, remote states or
    // Aspects' changes would be stale under withResolutionReuse. Each file here was read for it.
    const found = spawnSync(
      "git",
      ["grep", "-l", "Lazy\\.", "--", "constructs", "stacks", "environments", "slo", "scripts"],
      {
        cwd: join(__dirname, "..", ".."),
        encoding: "utf8",
      },
    )
      .stdout.trim()
      .split("\n")
      .filter((f) => f && f !== "constructs/core.ts");
    expect(found).toEqual(["constructs/k8s/database-roles.ts"]);
  });

  it("leaves cdktf's own path in place outside the call, also after a throw", () => {
    expect(() =>
      withResolutionReuse(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(synthCounting(false).calls.get("A")).toBe(2);
  });

  it("stays on inside an outer call after an inner one returns", () => {
    withResolutionReuse(() => {
      withResolutionReuse(() => undefined);
      expect([...synthCounting(false).calls.values()]).toEqual([1, 1, 1, 1]);
    });
  });
});
