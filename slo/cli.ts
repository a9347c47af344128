/** Entry point of `npm run slo -- --out <dir>`; see cli-main.ts and README.md. */
import { runCli } from "./cli-main.js";

process.exitCode = runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
