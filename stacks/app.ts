import {
  App,
  resourceCountOf,
  TerraformStack,
  withoutTokenTraces,
  withResolutionReuse,
} from "../constructs/core";
import { AZURE_BOOTSTRAP_STACK, BOOTSTRAP_STACK, COLORS, registryStackOf } from "../environments/load";
import { type Environment, hasAws } from "../environments/schema";
import type { SloSpec } from "../slo/spec-types";
import { AzureBootstrapStack } from "./azure-bootstrap-stack";
import { AzureClusterStack } from "./azure-cluster-stack";
import { AzureFoundationStack } from "./azure-foundation-stack";
import { BootstrapStack } from "./bootstrap-stack";
import { EdgeStack } from "./edge-stack";
import { EnvironmentStack } from "./environment-stack";
import { ProdColorStack } from "./prod-color-stack";
import { ProdFoundationStack } from "./prod-foundation-stack";
import { RegistryStack } from "./registry-stack";

export interface AppOptions {
  /**
   * The SLO specs the services name (`services.<name>.slo`).
   * @default builtInSpecs
   */
  readonly specs?: readonly SloSpec[];
}

/**
 * Composes the app from validated environments: `bootstrap`, one stack per non-production
 * environment, and for production the foundation plus one stack per color.
 */
export function buildApp(envs: readonly Environment[], outdir: string, options: AppOptions = {}): App {
  const { specs } = options;
  const app = new App({ outdir });
  // The state bucket follows production's DR region; with no production, the first environment's
  // (of those with an AWS side).
  const aws = envs.filter(hasAws);
  const owner = aws.find((e) => e.tier === "production") ?? aws[0];
  if (owner) {
    new BootstrapStack(app, BOOTSTRAP_STACK, {
      state: owner.aws.state,
      drRegion: owner.aws.drRegion,
      tags: { ...owner.tags, environment: "shared" },
    });
  }
  // The Azure state account follows the same owner, on its Azure side (or the first Azure one).
  const azureOwner = [envs.find((e) => e.tier === "production"), ...envs].find((e) => e?.azure);
  if (azureOwner?.azure) {
    new AzureBootstrapStack(app, AZURE_BOOTSTRAP_STACK, {
      azure: azureOwner.azure,
      tags: { ...azureOwner.tags, environment: "shared" },
    });
  }
  for (const env of envs) {
    if (env.tier !== "production") {
      if (hasAws(env)) {
        // The registry comes first: the environment's first apply runs the images pushed to it.
        const { registry } = new RegistryStack(app, registryStackOf(env.name), {
          env,
          clusterName: env.name,
        });
        new EnvironmentStack(app, env.name, { env, specs, registry });
      }
      if (env.azure) {
        // The cluster after its foundation: the registry is private, pushed to through the foundation's VNet.
        const foundation = new AzureFoundationStack(app, `${env.name}-azure`, { env });
        new AzureClusterStack(app, `${env.name}-azure-cluster`, { env, specs, foundation });
      }
      continue;
    }
    if (hasAws(env)) {
      const foundation = new ProdFoundationStack(app, env.name, { env });
      for (const color of COLORS) {
        new ProdColorStack(app, `${env.name}-${color}`, { env, color, foundation, specs });
      }
      // The edge reads neither cloud: a switch or a rollback is one small apply of this stack alone.
      if (env.edge) new EdgeStack(app, `${env.name}-edge`, { env });
    }
    if (!env.azure) continue;
    // No stack holds both clouds: an outage of one never blocks operating the other.
    const azure = new AzureFoundationStack(app, `${env.name}-azure`, { env });
    for (const color of COLORS) {
      new AzureClusterStack(app, `${env.name}-azure-${color}`, { env, color, foundation: azure, specs });
    }
  }
  return app;
}

/** One synthesized stack: its name and how many resources its `resource` block holds. */
export interface StackCount {
  readonly name: string;
  readonly resources: number;
}

/**
 * Builds the app and writes it to `outdir`, without cdktf's per-token traces unless DEBUG is set,
 * resolving each element once (`withResolutionReuse`). Returns each stack's resource count, in the
 * order of the manifest (by name), counted in each stack's document as it was built rather than
 * read back from the files (`resourceCountOf`; `summarize` in scripts/synth.ts reads the files, and
 * tests keep the two equal).
 */
export function synthApp(
  envs: readonly Environment[],
  outdir: string,
  options: AppOptions = {},
): StackCount[] {
  return withoutTokenTraces(() =>
    withResolutionReuse(() => {
      const app = buildApp(envs, outdir, options);
      app.synth();
      return app.node.children
        .filter((c): c is TerraformStack => TerraformStack.isStack(c))
        .map((stack) => ({ name: stack.node.id, resources: resourceCountOf(stack) }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }),
  );
}
