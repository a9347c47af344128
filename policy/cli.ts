/**
 * `npm run policy [-- --synth] [-- --dir <out dir>]`: evaluates every rule against every synthesized
 * stack; runs the synth first when `--synth` is given or `cdktf.out/manifest.json` is missing.
 * Exit codes: 0 no unwaived finding, 1 unwaived findings, 2 error.
 */
import { runPolicy } from "./run-policy.js";

runPolicy(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
