import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateServerCertificate, handshakeLine, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "./server";

const MAIN = join(__dirname, "main.ts");
const SCHEMA = join(__dirname, "fixtures", "toycloud-schema.json");
const ARGS = ["--import", "tsx", MAIN, "--schema", SCHEMA, "--provider", "hashicorp/toycloud"];
const HANDSHAKE = /^1\|6\|tcp\|127\.0\.0\.1:(\d+)\|grpc\|([A-Za-z0-9+/]+)$/;

type Client = grpc.Client &
  Record<string, (req: object, cb: (err: grpc.ServiceError | null, res: never) => void) => void>;

describe("handshakeLine", () => {
  it("is go-plugin's CORE|APP|NETWORK|ADDR|PROTOCOL|CERT with unpadded base64", () => {
    expect(handshakeLine(4321, Buffer.from([1, 2, 3, 4]))).toBe("1|6|tcp|127.0.0.1:4321|grpc|AQIDBA");
    expect(handshakeLine(4321)).toBe("1|6|tcp|127.0.0.1:4321|grpc");
  });
});

describe("the plugin process", () => {
  // Terraform's side of AutoMTLS: its own certificate, sent in PLUGIN_CLIENT_CERT.
  const client = generateServerCertificate();
  let plugin: ChildProcess;
  let stdout = "";
  let line = "";
  let exited: Promise<number | null>;

  beforeAll(async () => {
    plugin = spawn(process.execPath, ARGS, {
      env: { ...process.env, [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_CLIENT_CERT: client.certPem },
      stdio: ["ignore", "pipe", "pipe"],
    });
    exited = new Promise((resolve) => plugin.on("exit", resolve));
    line = await new Promise<string>((resolve, reject) => {
      plugin.stdout!.on("data", (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes("\n")) resolve(stdout.split("\n")[0]!);
      });
      plugin.on("exit", (code) => reject(new Error(`plugin exited (${code}) before its handshake`)));
    });
  });
  afterAll(() => {
    plugin.kill();
  });

  function connect(cert = client): Client {
    const der = Buffer.from(HANDSHAKE.exec(line)![2]!, "base64");
    const serverPem = new X509Certificate(der).toString();
    const defs = protoLoader.loadSync(join(__dirname, "tfplugin6.proto"), {
      keepCase: true,
      longs: Number,
      enums: String,
    });
    const pkg = grpc.loadPackageDefinition(defs) as unknown as {
      tfplugin6: { Provider: grpc.ServiceClientConstructor };
    };
    const creds = grpc.credentials.createSsl(
      Buffer.from(serverPem),
      Buffer.from(cert.keyPem),
      Buffer.from(cert.certPem),
    );
    return new pkg.tfplugin6.Provider(`127.0.0.1:${HANDSHAKE.exec(line)![1]}`, creds, {
      "grpc.ssl_target_name_override": "localhost",
    }) as Client;
  }

  const call = <T>(c: Client, method: string, req: object) =>
    new Promise<T>((resolve, reject) =>
      c[method]!(req, (err, res) => (err ? reject(err) : resolve(res as T))),
    );

  it("prints one handshake line with a certificate valid for localhost", () => {
    expect(line).toMatch(HANDSHAKE);
    const cert = new X509Certificate(Buffer.from(HANDSHAKE.exec(line)![2]!, "base64"));
    expect(cert.subjectAltName).toContain("DNS:localhost");
    expect(cert.checkHost("localhost")).toBe("localhost");
  });

  it("serves the schema over mutual TLS to the client whose certificate it was given", async () => {
    const c = connect();
    const res = await call<{ resource_schemas: Record<string, unknown>; server_capabilities: object }>(
      c,
      "GetProviderSchema",
      {},
    );
    expect(Object.keys(res.resource_schemas).sort()).toEqual([
      "toycloud_instance",
      "toycloud_manifest",
      "toycloud_network",
    ]);
    expect(res.server_capabilities).toMatchObject({ plan_destroy: true, get_provider_schema_optional: true });
    c.close();
  });

  it("turns away a client with any other certificate", async () => {
    const c = connect(generateServerCertificate());
    await expect(call(c, "GetProviderSchema", {})).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    c.close();
  });

  it("refuses apply with a diagnostic", async () => {
    const c = connect();
    const res = await call<{ diagnostics: { severity: string; summary: string }[] }>(
      c,
      "ApplyResourceChange",
      {
        type_name: "toycloud_network",
      },
    );
    expect(res.diagnostics).toEqual([
      expect.objectContaining({ severity: "ERROR", summary: "stand-in provider: apply is not supported" }),
    ]);
    c.close();
  });

  it("exits on go-plugin's Shutdown, having printed nothing else to stdout", async () => {
    const defs = protoLoader.loadSync(join(__dirname, "go_plugin.proto"));
    const pkg = grpc.loadPackageDefinition(defs) as unknown as {
      plugin: { GRPCController: grpc.ServiceClientConstructor };
    };
    const der = Buffer.from(HANDSHAKE.exec(line)![2]!, "base64");
    const creds = grpc.credentials.createSsl(
      Buffer.from(new X509Certificate(der).toString()),
      Buffer.from(client.keyPem),
      Buffer.from(client.certPem),
    );
    const controller = new pkg.plugin.GRPCController(`127.0.0.1:${HANDSHAKE.exec(line)![1]}`, creds, {
      "grpc.ssl_target_name_override": "localhost",
    }) as Client;
    await call(controller, "Shutdown", {});
    expect(await exited).toBe(0);
    expect(stdout).toBe(`${line}\n`);
    controller.close();
  });
});

it("refuses to run without Terraform's magic cookie, printing nothing to stdout", () => {
  const env = { ...process.env };
  delete env[MAGIC_COOKIE_KEY];
  const r = spawnSync(process.execPath, ARGS, { env, encoding: "utf8" });
  expect(r.status).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain("This binary is a plugin");
});
