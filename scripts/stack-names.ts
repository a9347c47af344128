/**
 * Prints the stack names the environment files produce, one per line, without building any stack:
 * `.ci/deploy` checks its argument against them before the slow synth.
 */
import { BOOTSTRAP_STACK, loadEnvironments, stackNamesOf } from "../environments/load";

export function stackNames(dir?: string): string[] {
  return [BOOTSTRAP_STACK, ...loadEnvironments(dir).flatMap((e) => stackNamesOf(e))].sort();
}

if (require.main === module) console.log(stackNames().join("\n"));
