/**
 * Prints the stack names the environment files produce, one per line, without building any stack:
 * `.ci/deploy` checks its argument against them before the slow synth.
 */
import { AZURE_BOOTSTRAP_STACK, BOOTSTRAP_STACK, loadEnvironments, stackNamesOf } from "../environments/load";

export function stackNames(dir?: string): string[] {
  const envs = loadEnvironments(dir);
  const bootstraps = [BOOTSTRAP_STACK, ...(envs.some((e) => e.azure) ? [AZURE_BOOTSTRAP_STACK] : [])];
  return [...bootstraps, ...envs.flatMap((e) => stackNamesOf(e))].sort();
}

if (require.main === module) console.log(stackNames().join("\n"));
