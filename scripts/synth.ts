/**
 * Synthesis with an all-or-nothing output folder: validate every environment first, synthesize into
 * a temporary sibling folder, and only then swap it in for `cdktf.out`. A bad configuration or a
 * failing construct leaves the previous output untouched.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ConfigError } from "../environments/errors";
import { loadEnvironments } from "../environments/load";

export interface SynthOptions {
  /** Folder of environment `*.json` files. */
  readonly environmentsDir: string;
  /** Final output folder, e.g. `cdktf.out`. */
  readonly outdir: string;
  /** Swap through a temporary folder; false when the cdktf CLI owns the output folder. */
  readonly atomic: boolean;
  readonly log: (line: string) => void;
}

export interface StackSummary {
  readonly name: string;
  readonly resources: number;
}

/** Counts resources per stack in a synthesized output folder, in manifest order. */
export function summarize(outdir: string): StackSummary[] {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return Object.entries(manifest.stacks).map(([name, stack]) => {
    const doc = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), "utf8")) as {
      resource?: Record<string, Record<string, unknown>>;
    };
    const resources = Object.values(doc.resource ?? {}).reduce(
      (n, byName) => n + Object.keys(byName).length,
      0,
    );
    return { name, resources };
  });
}

/** Returns the process exit code: 0 on success, 1 for bad configuration, 2 for anything else. */
export async function synth(options: SynthOptions): Promise<number> {
  const started = performance.now();
  const outdir = resolve(options.outdir);
  const target = options.atomic ? `${outdir}.tmp-${process.pid}` : outdir;
  try {
    const envs = loadEnvironments(options.environmentsDir);
    // Provider bindings load only after the configuration is known to be valid.
    const { synthApp } = await import("../stacks/app");
    mkdirSync(dirname(target), { recursive: true });
    const stacks = synthApp(envs, target);
    if (options.atomic) swapIn(target, outdir);
    const width = Math.max(12, ...stacks.map((s) => s.name.length));
    for (const s of stacks)
      options.log(`${s.name.padEnd(width)} ${String(s.resources).padStart(4)} resources`);
    const total = stacks.reduce((n, s) => n + s.resources, 0);
    options.log(
      `synthesized ${stacks.length} stacks, ${total} resources in ${((performance.now() - started) / 1000).toFixed(2)} s -> ${options.outdir}`,
    );
    return 0;
  } catch (err) {
    if (options.atomic) rmSync(target, { recursive: true, force: true });
    if (err instanceof ConfigError) {
      options.log(err.message);
      return 1;
    }
    const e = err as Error;
    options.log(
      `Synthesis failed: ${e.name}: ${e.message}\nNothing was written. Set DEBUG=1 for the stack trace.`,
    );
    if (process.env.DEBUG) options.log(e.stack ?? "");
    return 2;
  }
}

function swapIn(tmp: string, outdir: string): void {
  const old = `${outdir}.old-${process.pid}`;
  if (existsSync(outdir)) renameSync(outdir, old);
  renameSync(tmp, outdir);
  rmSync(old, { recursive: true, force: true });
}
