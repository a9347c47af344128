/**
 * Runs real Terraform offline against the stand-in provider: installs the plugin into a filesystem
 * mirror (one wrapper script per provider address and version) with a CLI configuration that
 * forbids any download, and runs `terraform` commands with that configuration.
 *
 *   const mirror = prepareMirror(schemaFile, [{ source: "hashicorp/aws", version: "6.25.0" }]);
 *   runTerraform(dir, ["init", "-backend=false"], mirror.env);
 *
 * `terraform init` then "installs" the wrapper from the mirror and records its hash in
 * .terraform.lock.hcl; `validate`, `plan` and `show` start it as a plugin.
 *
 * Terraform starts a plugin two or three times per provider per command (0.2-0.3 s each). For many
 * commands, {@link serveProviders} starts each provider once and has Terraform attach to it instead
 * (TF_REATTACH_PROVIDERS, how provider authors debug a provider): the same plugin, the same answers.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type ProvidersSchemaFile, pickProvider, providerWithoutDescriptions } from "./schema";
import { generateServerCertificate, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "./server";

/** The repository root, where `tsx` resolves from. */
const REPO_ROOT = resolve(__dirname, "..", "..", "..");
const MAIN = join(__dirname, "main.ts");

export interface ProviderRequirement {
  /** A source address: `hashicorp/aws`, `aws` or `registry.terraform.io/hashicorp/aws`. */
  readonly source: string;
  /** The exact version the configuration pins. */
  readonly version: string;
}

export interface MirrorOptions {
  /**
   * Where to build the mirror.
   * @default - a new folder under the OS temp dir (the caller removes it)
   */
  readonly dir?: string;
  /**
   * Placeholder values for data sources, by type then attribute (see `ProviderOptions.placeholders`),
   * written to a file that every plugin reads.
   * @default - generic placeholders only
   */
  readonly placeholders?: Record<string, Record<string, unknown>>;
  /**
   * Run the plugin from a single-file esbuild bundle rather than through tsx: a plugin start (which
   * Terraform does two or three times per provider per command) drops from about 0.5 s to 0.2 s.
   * Falls back to tsx if esbuild (a dependency of tsx) cannot be loaded.
   * @default true
   */
  readonly bundle?: boolean;
  /**
   * Appends one line per RPC (`<pid> <provider> <rpc> <type>`) to this file.
   * @default - no trace
   */
  readonly traceFile?: string;
}

export interface Mirror {
  readonly dir: string;
  /** The CLI configuration file (TF_CLI_CONFIG_FILE). */
  readonly cliConfig: string;
  /** Environment for `runTerraform`: the CLI configuration, no prompts, no checkpoint calls. */
  readonly env: Record<string, string>;
  /** The wrapper executable of each provider, by full source address. */
  readonly executables: Record<string, string>;
}

/** `aws` → `registry.terraform.io/hashicorp/aws`, as Terraform resolves a short source. */
export function fullSource(source: string): string {
  const parts = source.split("/");
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${source}`;
  return source;
}

/** Terraform's name for the platform this runs on (`linux_amd64`). */
export function terraformPlatform(): string {
  const arch = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" }[process.arch as string];
  return `${process.platform}_${arch ?? process.arch}`;
}

/**
 * Builds a filesystem mirror serving the schema of each provider, and a CLI config that uses only it.
 * `schema` is a providers-schema document (`terraform providers schema -json`) or a file holding one;
 * it must have an entry for every provider listed.
 */
export function prepareMirror(
  schema: string | ProvidersSchemaFile,
  providers: readonly ProviderRequirement[],
  options: MirrorOptions = {},
): Mirror {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "tf-standin-"));
  const mirrorDir = join(dir, "mirror");
  const schemasDir = join(dir, "schemas");
  mkdirSync(mirrorDir, { recursive: true });
  mkdirSync(schemasDir, { recursive: true });
  const doc =
    typeof schema === "string" ? (JSON.parse(readFileSync(schema, "utf8")) as ProvidersSchemaFile) : schema;

  // One certificate for every plugin start: key generation is the slowest part of a start.
  const cert = generateServerCertificate();
  writeFileSync(join(dir, "server-cert.pem"), cert.certPem);
  writeFileSync(join(dir, "server-key.pem"), cert.keyPem, { mode: 0o600 });
  const common = ["--cert", join(dir, "server-cert.pem"), "--key", join(dir, "server-key.pem")];
  if (options.placeholders) {
    writeFileSync(join(dir, "placeholders.json"), JSON.stringify(options.placeholders));
    common.push("--placeholders", join(dir, "placeholders.json"));
  }
  if (options.traceFile) common.push("--trace", resolve(options.traceFile));
  const bundled = (options.bundle ?? true) ? bundlePlugin(join(dir, "plugin")) : undefined;
  const nodeArgs = bundled ?? ["--import", "tsx", MAIN];

  const executables: Record<string, string> = {};
  for (const p of providers) {
    const source = fullSource(p.source);
    const name = source.split("/")[2]!;
    // Each plugin parses only its own provider's schema, without descriptions, at each start.
    const own = join(schemasDir, `${name}_${p.version}.json`);
    const trimmed = providerWithoutDescriptions(pickProvider(doc, source, "schema"));
    writeFileSync(own, JSON.stringify({ format_version: "1.0", provider_schemas: { [source]: trimmed } }));
    const cache = join(schemasDir, `${name}_${p.version}.pb`);
    rmSync(cache, { force: true });

    const pkgDir = join(mirrorDir, source, p.version, terraformPlatform());
    mkdirSync(pkgDir, { recursive: true });
    const exe = join(pkgDir, `terraform-provider-${name}_v${p.version}`);
    const args = [...common, "--schema", own, "--schema-cache", cache, "--provider", source];
    writeFileSync(exe, wrapperScript(nodeArgs, args));
    chmodSync(exe, 0o755);
    executables[source] = exe;
  }

  const cliConfig = join(dir, "terraform.rc");
  writeFileSync(cliConfig, cliConfigText(mirrorDir, Object.keys(executables)));
  const env = {
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
  };
  return { dir, cliConfig, env, executables };
}

function quote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/**
 * Bundles main.ts and everything it imports into `outDir/main.cjs`, with the .proto files beside it
 * (where the bundle's `PROTO_DIR` points). Returns node's arguments to run it, or undefined when
 * esbuild is not available.
 */
export function bundlePlugin(outDir: string): string[] | undefined {
  let esbuild: typeof import("esbuild");
  try {
    esbuild = require("esbuild");
  } catch (e) {
    if ((e as { code?: string }).code === "MODULE_NOT_FOUND") return undefined;
    throw e;
  }
  const outfile = join(outDir, "main.cjs");
  esbuild.buildSync({
    entryPoints: [MAIN],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile,
    logLevel: "warning",
  });
  for (const proto of ["tfplugin6.proto", "go_plugin.proto"])
    copyFileSync(join(__dirname, proto), join(outDir, proto));
  return [outfile];
}

/**
 * The plugin executable: node with `nodeArgs` and the plugin's own arguments, from the repository
 * root so that `tsx` resolves; NODE_OPTIONS from the caller (a test runner's loaders) is dropped.
 */
function wrapperScript(nodeArgs: string[], args: string[]): string {
  return [
    "#!/bin/sh",
    "# Stand-in Terraform provider (test/terraform/plugin); written by harness.ts.",
    "unset NODE_OPTIONS",
    `cd ${quote(REPO_ROOT)} || exit 1`,
    `exec ${[process.execPath, ...nodeArgs, ...args].map(quote).join(" ")}`,
    "",
  ].join("\n");
}

/** A CLI configuration that installs `sources` from the mirror and never reaches a registry. */
export function cliConfigText(mirrorDir: string, sources: readonly string[]): string {
  const list = (xs: readonly string[]) => xs.map((x) => JSON.stringify(x)).join(", ");
  return [
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(mirrorDir)}`,
    `    include = [${list(sources)}]`,
    "  }",
    "  direct {",
    `    exclude = ["registry.terraform.io/*/*"]`,
    "  }",
    "}",
    "",
  ].join("\n");
}

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock time of the command. */
  readonly ms: number;
}

/** Runs `terraform <args>` in `dir`; never throws on a non-zero exit (see `code`). */
export function runTerraform(
  dir: string,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 300_000,
): TerraformResult {
  const started = performance.now();
  const r = spawnSync("terraform", args, {
    cwd: dir,
    // GOGC=400 (unless set): Go's collector at its default costs a short, allocation-heavy command
    // like `plan` about 18% more CPU; the heap roughly doubles (staging's plan: 110 -> 225 MB).
    env: { GOGC: "400", ...process.env, ...env, TF_LOG: env.TF_LOG ?? "" },
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    timeout: timeoutMs,
  });
  if (r.error) throw r.error;
  return {
    code: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    ms: Math.round(performance.now() - started),
  };
}

/** Whether a `terraform` binary is on PATH. */
export function terraformAvailable(): boolean {
  const r = spawnSync("terraform", ["version"], { encoding: "utf8" });
  return r.status === 0;
}

export interface ProviderServers {
  /**
   * Environment for `runTerraform`: the mirror's, plus TF_REATTACH_PROVIDERS naming the running
   * servers. Terraform then talks to them instead of starting plugins; `init` still installs the
   * providers from the mirror (and checks the configuration's version constraints) without it.
   */
  readonly env: Record<string, string>;
  /** Stops every server. */
  stop(): void;
}

/** The first line a child writes to stdout (its handshake), or its stderr if it exits first. */
function handshakeOf(child: ChildProcess, name: string): Promise<string> {
  let out = "";
  let err = "";
  child.stderr!.on("data", (d: Buffer) => {
    err = (err + d.toString()).slice(-20_000);
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0]!);
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      reject(new Error(`stand-in provider ${name} exited (${code}) before its handshake:\n${err}`)),
    );
  });
}

/**
 * Starts every provider of the mirror once, without TLS (Terraform attaches to an unmanaged plugin
 * over plain gRPC), and returns the environment under which Terraform uses them. The servers hold
 * no state between calls, so any number of commands, stacks and provider configurations can share
 * them. They exit when stopped, or when the process that started them goes away.
 */
export async function serveProviders(mirror: Mirror): Promise<ProviderServers> {
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children) if (child.exitCode === null) child.kill();
  };
  const env: Record<string, string | undefined> = {
    ...process.env,
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: "6",
    TF_STANDIN_LIFELINE: "stdin",
  };
  delete env.PLUGIN_CLIENT_CERT;
  try {
    const entries = await Promise.all(
      Object.entries(mirror.executables).map(async ([source, exe]) => {
        // stdin is the lifeline: it closes when this process ends, however it ends.
        const child = spawn(exe, [], { env, stdio: ["pipe", "pipe", "pipe"] });
        children.push(child);
        const [core, app, network, address, protocol] = (await handshakeOf(child, source)).split("|");
        if (core !== "1" || app !== "6" || protocol !== "grpc")
          throw new Error(`unexpected handshake from ${source}`);
        child.stdout!.resume();
        const reattach = {
          Protocol: protocol,
          ProtocolVersion: 6,
          Pid: child.pid,
          // Test: Terraform leaves the process running when it is done with it.
          Test: true,
          Addr: { Network: network, String: address },
        };
        return [source, reattach] as const;
      }),
    );
    return {
      env: { ...mirror.env, TF_REATTACH_PROVIDERS: JSON.stringify(Object.fromEntries(entries)) },
      stop,
    };
  } catch (e) {
    stop();
    throw e;
  }
}
