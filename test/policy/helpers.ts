/**
 * Test helpers: run a policy CLI through tsx as `npm run ...` would, and build policy contexts.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import type { PolicyContext } from "../../policy/types.js";

/** Repository root. */
export const ROOT = path.resolve(__dirname, "..", "..");

/** Result of a CLI run. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tsx <script> ...args` from the repository root. */
export function runTsx(script: string, args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), [script, ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A context for tests: stack `test`, tier `production` unless overridden. */
export function testContext(overrides: Partial<PolicyContext> = {}): PolicyContext {
  return { stack: "test", tier: "production", ...overrides };
}

/** Lower-case, underscore-free form, so `allow_privilege_escalation` matches `allowPrivilegeEscalation`. */
export function loose(text: string): string {
  return text.toLowerCase().replace(/_/g, "");
}

/** An `Io` that records what a command printed. */
export function captureIo(): {
  out: (t: string) => void;
  err: (t: string) => void;
  stdout: () => string;
  stderr: () => string;
} {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    stdout: () => out.join("\n"),
    stderr: () => err.join("\n"),
  };
}
