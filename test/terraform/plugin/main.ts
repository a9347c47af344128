/**
 * Entry point of the stand-in provider plugin, as Terraform executes it (through the wrapper script
 * that `harness.ts` writes into a filesystem mirror).
 *
 *   node --import tsx main.ts --schema <providers-schema.json> --provider <source address>
 *        [--placeholders <file>] [--trace <file>] [--cert <pem> --key <pem>] [--schema-cache <file>]
 *
 * Each option may instead come from the environment: TF_STANDIN_SCHEMA, TF_STANDIN_PROVIDER,
 * TF_STANDIN_PLACEHOLDERS, TF_STANDIN_TRACE, TF_STANDIN_CERT, TF_STANDIN_KEY,
 * TF_STANDIN_SCHEMA_CACHE. stdout carries the
 * handshake line and nothing else; everything else goes to stderr (Terraform logs it under TF_LOG).
 *
 * TF_STANDIN_LIFELINE=stdin (set by `serveProviders`, which runs one long-lived plugin per provider
 * for Terraform to attach to): exit when stdin closes, that is when the process that started the
 * plugin is gone, rather than waiting for a Shutdown that an attached Terraform never sends.
 */
import { appendFileSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadProviderSchema } from "./schema";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, type ServerCertificate, startPluginServer } from "./server";

// Nothing but the handshake may reach stdout, whatever a library decides to print.
console.log = console.error;
console.info = console.error;

async function main(): Promise<number> {
  if (process.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    console.error(
      "This binary is a plugin. These are not meant to be executed directly.\n" +
        "Please execute the program that consumes these plugins, which will load any plugins automatically.",
    );
    return 1;
  }
  const versions = (process.env.PLUGIN_PROTOCOL_VERSIONS ?? "6").split(",").map((v) => v.trim());
  if (!versions.includes("6")) {
    console.error(`stand-in provider: speaks protocol 6 only; Terraform offered ${versions.join(",")}`);
    return 1;
  }

  const { values } = parseArgs({
    options: {
      schema: { type: "string" },
      provider: { type: "string" },
      placeholders: { type: "string" },
      trace: { type: "string" },
      cert: { type: "string" },
      key: { type: "string" },
      "schema-cache": { type: "string" },
    },
  });
  const env = process.env;
  const schemaFile = values.schema ?? env.TF_STANDIN_SCHEMA;
  const address = values.provider ?? env.TF_STANDIN_PROVIDER;
  if (!schemaFile || !address) {
    console.error(
      "stand-in provider: --schema and --provider (or TF_STANDIN_SCHEMA, TF_STANDIN_PROVIDER) are required",
    );
    return 1;
  }
  const placeholdersFile = values.placeholders ?? env.TF_STANDIN_PLACEHOLDERS;
  const traceFile = values.trace ?? env.TF_STANDIN_TRACE;
  const certFile = values.cert ?? env.TF_STANDIN_CERT;
  const keyFile = values.key ?? env.TF_STANDIN_KEY;

  let serverCertificate: ServerCertificate | undefined;
  if (certFile && keyFile) {
    const certPem = readFileSync(certFile, "utf8");
    const der = Buffer.from(certPem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
    serverCertificate = { certPem, keyPem: readFileSync(keyFile, "utf8"), der };
  }

  const server = await startPluginServer({
    schema: loadProviderSchema(schemaFile, address),
    placeholders: placeholdersFile ? JSON.parse(readFileSync(placeholdersFile, "utf8")) : undefined,
    trace: traceFile
      ? (rpc, type) => appendFileSync(traceFile, `${process.pid} ${address} ${rpc} ${type}\n`)
      : undefined,
    clientCertPem: env.PLUGIN_CLIENT_CERT,
    serverCertificate,
    schemaCacheFile: values["schema-cache"] ?? env.TF_STANDIN_SCHEMA_CACHE,
    onShutdown: () => process.exit(0),
  });
  process.stdout.write(`${server.handshake}\n`);
  if (env.TF_STANDIN_LIFELINE === "stdin") {
    process.stdin.on("close", () => process.exit(0));
    process.stdin.on("end", () => process.exit(0));
    process.stdin.resume();
  }
  // go-plugin servers ignore interrupts: Terraform forwards Ctrl-C and then stops the plugin itself.
  process.on("SIGINT", () => {});
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (e: unknown) => {
    console.error(`stand-in provider: ${(e as Error).stack ?? String(e)}`);
    process.exit(1);
  },
);
