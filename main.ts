/**
 * The app entry, for `npm run synth` and for the cdktf CLI. Both start it through
 * scripts/fast-entry/run.cjs (`cdktf.json` "app"), which runs this file from a cached esbuild bundle,
 * rebuilt whenever a source changes, or through tsx when DEBUG is set.
 * It picks the environments (every `environments/*.json`, or `--environments <dir>`) and the output
 * folder (`cdktf.out`, `--out <dir>`, or the cdktf CLI's CDKTF_OUTDIR), then synthesizes all stacks.
 */
import { parseArgs } from "node:util";
import { ENVIRONMENTS_DIR } from "./environments/load";
import { synth } from "./scripts/synth";

const USAGE = "usage: npm run synth -- [--environments <dir>] [--out <dir>]";

function args(): { environments?: string; out?: string } {
  try {
    const { values } = parseArgs({
      options: {
        environments: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: false,
    });
    if (values.help) {
      console.log(
        `${USAGE}\n  Validates environments/*.json and writes every stack's Terraform JSON (default cdktf.out).`,
      );
      process.exit(0);
    }
    return values;
  } catch (err) {
    console.error(`synth: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const values = args();
const cliOutdir = process.env.CDKTF_OUTDIR;
// cdktf captures a full stack trace for every token; mapping each through tsx's source maps costs
// about a third of a synth through tsx. Keep them for DEBUG runs, where the traces are read.
if (!process.env.DEBUG) process.setSourceMapsEnabled(false);

synth({
  environmentsDir: values.environments ?? ENVIRONMENTS_DIR,
  outdir: values.out ?? cliOutdir ?? "cdktf.out",
  atomic: cliOutdir === undefined,
  log: (line) => console.log(line),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`Unexpected error: ${(err as Error).message}`);
    process.exitCode = 2;
  },
);
