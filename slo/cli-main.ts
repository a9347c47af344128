/** The `npm run slo` command, as a function of argv so it can be tested in-process. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import YAML from "yaml";
import { loadEnvironments } from "../environments/load.js";
import type { Environment } from "../environments/schema.js";
import { compileArtefacts } from "./artefacts.js";
import { parseSloSpec } from "./spec.js";
import { SloSpecError } from "./spec-error.js";
import type { SloSpec } from "./spec-types.js";
import { builtInSpecs } from "./specs/index.js";

/** Where the CLI writes text. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

const USAGE = `Usage: npm run slo -- --out <dir> [--spec <file.yaml|json>]... [--timezone <IANA tz>] [--namespace <ns>]

Compiles SLO specs (the built-in ones in slo/specs/, or the given --spec files) into Prometheus rule
files, promtool tests, an Alertmanager config, PrometheusRules, Grafana dashboards and Argo Rollouts
AnalysisTemplates under <dir>. The business hours are in --timezone, by default the clusters' own
(monitoring.alertTimezone of environments/*.json). See slo/README.md.
`;

/** A problem with the command line (exit code 2). */
class UsageError extends Error {}

/**
 * The business-hours timezone without `--timezone`: the one the clusters get,
 * `monitoring.alertTimezone` of the environment files, so that the Alertmanager config written here
 * is the one the platform deploys. Environments that disagree need an explicit `--timezone`.
 */
export function clusterAlertTimezone(
  envs: readonly {
    readonly name: string;
    readonly monitoring: Pick<Environment["monitoring"], "alertTimezone">;
  }[] = loadEnvironments(),
): string {
  const zones = [...new Set(envs.map((e) => e.monitoring.alertTimezone))];
  if (zones.length === 1) return zones[0]!;
  const each = envs.map((e) => `${e.name} ${e.monitoring.alertTimezone}`).join(", ");
  throw new UsageError(
    zones.length === 0
      ? "no environment names an alert timezone; pass --timezone"
      : `the environments' alert timezones differ (${each}); pass --timezone`,
  );
}

function readSpec(file: string): SloSpec {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read spec file ${file}: ${(e as Error).message}`);
  }
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) {
    throw new SloSpecError(`SLO spec ${file}`, [
      {
        path: "(file)",
        received: "unparseable YAML/JSON",
        message: doc.errors.map((e) => e.message).join("; "),
      },
    ]);
  }
  return parseSloSpec(doc.toJS(), `SLO spec ${file}`);
}

function parse(argv: readonly string[]) {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        out: { type: "string" },
        spec: { type: "string", multiple: true },
        timezone: { type: "string" },
        namespace: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
    return values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/**
 * Runs the CLI. Returns the exit code: 0 on success, 1 on an invalid spec or option, 2 on bad
 * arguments. Never throws for user errors; messages go to stderr without a stack trace.
 */
export function runCli(argv: readonly string[], io: CliIo): number {
  try {
    const args = parse(argv);
    if (args.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    if (!args.out) throw new UsageError("--out <dir> is required");
    const specs = args.spec ? args.spec.map(readSpec) : builtInSpecs;
    const duplicate = specs.find((s, i) => specs.findIndex((o) => o.service === s.service) !== i);
    if (duplicate) throw new UsageError(`service ${duplicate.service} is defined by more than one spec`);
    const files = compileArtefacts(specs, {
      alertmanager: { timezone: args.timezone ?? clusterAlertTimezone() },
      kubernetes: args.namespace ? { namespace: args.namespace } : {},
    });
    for (const [path, text] of files) {
      const target = join(args.out, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
      io.stdout.write(`wrote ${target}\n`);
    }
    io.stdout.write(
      `${files.size} files for ${specs.length} service(s), ${specs.reduce((n, s) => n + s.slos.length, 0)} SLO(s)\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`slo: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr.write(`slo: ${e instanceof SloSpecError ? e.message : `error: ${(e as Error).message}`}\n`);
    return 1;
  }
}
