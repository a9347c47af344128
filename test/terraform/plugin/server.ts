/**
 * The go-plugin side of the stand-in provider: the gRPC server, its mutual TLS, the services that
 * go-plugin's client expects next to the provider, and the handshake line.
 *
 * go-plugin v1.6 (client.go), as Terraform 1.11 uses it:
 * - Terraform starts the plugin with TF_PLUGIN_MAGIC_COOKIE, PLUGIN_PROTOCOL_VERSIONS ("5,6") and,
 *   with AutoMTLS (the default; TF_DISABLE_PLUGIN_TLS turns it off), PLUGIN_CLIENT_CERT: the PEM of a
 *   fresh self-signed ECDSA P-521 client certificate.
 * - It reads the first stdout line, `CORE|APP|NETWORK|ADDR|PROTOCOL|CERT`: core protocol 1, app
 *   protocol 6, `tcp`, `127.0.0.1:<port>`, `grpc`, and the server certificate as DER in base64
 *   without padding. Later stdout lines are only logged, but nothing else should go there.
 * - It dials with ServerName "localhost", trusts exactly the advertised certificate (RootCAs), and
 *   presents its client certificate, which the server must require and verify.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import forge from "node-forge";
import { type ProviderOptions, providerService } from "./provider";

export const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
export const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
/** Where the .proto files are; overridable for a bundled copy of the plugin. */
export const PROTO_DIR = __dirname;

export interface ServerCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** The certificate in DER, as the handshake line carries it. */
  readonly der: Buffer;
}

export interface PluginServerOptions extends ProviderOptions {
  /**
   * Terraform's client certificate (PLUGIN_CLIENT_CERT); the server requires it of every connection.
   * @default - no TLS at all (what Terraform expects when TF_DISABLE_PLUGIN_TLS is set)
   */
  readonly clientCertPem?: string;
  /**
   * The server's certificate and key.
   * @default - a fresh RSA-2048 certificate for "localhost"
   */
  readonly serverCertificate?: ServerCertificate;
  /**
   * Called after go-plugin's GRPCController.Shutdown has been answered.
   * @default - the server stops; the process is left to exit by itself
   */
  readonly onShutdown?: () => void;
  /**
   * A file keeping the encoded GetProviderSchema answer between plugin starts: encoding a schema the
   * size of AWS's takes seconds, and Terraform asks once per command. Written on the first call, read
   * afterwards; whoever builds the file also removes it when the schema changes.
   * @default - the answer is encoded afresh in each process
   */
  readonly schemaCacheFile?: string;
  /** @default PROTO_DIR */
  readonly protoDir?: string;
}

export interface PluginServer {
  readonly port: number;
  /** The one line to print to stdout. */
  readonly handshake: string;
  stop(): void;
}

/** The handshake line go-plugin reads from a plugin's stdout. */
export function handshakeLine(port: number, certDer?: Buffer): string {
  const parts = ["1", "6", "tcp", `127.0.0.1:${port}`, "grpc"];
  if (certDer) parts.push(certDer.toString("base64").replace(/=+$/, ""));
  return parts.join("|");
}

/**
 * A self-signed certificate for "localhost", shaped like go-plugin's own (mtls.go): CA, server and
 * client auth. The key comes from node:crypto (RSA in pure-JS forge takes seconds); forge builds
 * and signs the X.509 structure, since node:crypto cannot create certificates.
 */
export function generateServerCertificate(): ServerCertificate {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = `01${randomBytes(15).toString("hex")}`;
  cert.validity.notBefore = new Date(Date.now() - 30_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
  const name = [
    { name: "commonName", value: "localhost" },
    { name: "organizationName", value: "stand-in provider" },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
    { name: "extKeyUsage", serverAuth: true, clientAuth: true },
    {
      name: "subjectAltName",
      altNames: [
        { type: 2, value: "localhost" },
        { type: 7, ip: "127.0.0.1" },
      ],
    },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), "binary");
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privateKey, der };
}

const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: false,
  oneofs: true,
};

type UnaryHandler = (call: { request: object }, callback: grpc.sendUnaryData<unknown>) => void;

function cachedSchemaHandler(
  inner: UnaryHandler,
  serialize: (v: unknown) => Buffer,
  opts: PluginServerOptions,
): UnaryHandler {
  const file = opts.schemaCacheFile!;
  return (call, callback) => {
    if (existsSync(file)) {
      opts.trace?.("GetProviderSchema", "(cached)");
      return callback(null, readFileSync(file));
    }
    inner(call, (err, value) => {
      // An answer with diagnostics (a schema that failed to convert) is sent but never kept.
      if (err || !value || (value as { diagnostics?: unknown[] }).diagnostics?.length)
        return callback(err, value);
      const bytes = serialize(value);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
      callback(null, bytes);
    });
  };
}

/** Starts the provider's gRPC server on 127.0.0.1 at a free port. */
export async function startPluginServer(opts: PluginServerOptions): Promise<PluginServer> {
  const dir = opts.protoDir ?? PROTO_DIR;
  const defs = protoLoader.loadSync(
    [join(dir, "tfplugin6.proto"), join(dir, "go_plugin.proto")],
    LOADER_OPTIONS,
  );
  const pkg = grpc.loadPackageDefinition(defs) as unknown as {
    tfplugin6: { Provider: { service: grpc.ServiceDefinition } };
    plugin: Record<"GRPCController" | "GRPCStdio" | "GRPCBroker", { service: grpc.ServiceDefinition }>;
  };

  const server = new grpc.Server({
    "grpc.max_receive_message_length": -1,
    "grpc.max_send_message_length": -1,
  });
  const impl = providerService(opts);
  let provider = pkg.tfplugin6.Provider.service;
  if (opts.schemaCacheFile) {
    const method = provider.GetProviderSchema!;
    const serialize = method.responseSerialize;
    // An already-encoded answer (a Buffer) goes out as it is.
    const raw = { ...method, responseSerialize: (v: unknown) => (Buffer.isBuffer(v) ? v : serialize(v)) };
    provider = { ...provider, GetProviderSchema: raw };
    impl.GetProviderSchema = cachedSchemaHandler(impl.GetProviderSchema as UnaryHandler, serialize, opts);
  }
  server.addService(provider, impl);
  // go-plugin's own streams stay open and silent until shutdown: nothing is ever sent on them.
  const streams = new Set<{ end: () => void }>();
  const hold = (
    call: grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>,
  ) => {
    streams.add(call);
    call.on("cancelled", () => streams.delete(call));
  };
  server.addService(pkg.plugin.GRPCStdio.service, { StreamStdio: hold });
  server.addService(pkg.plugin.GRPCBroker.service, {
    StartStream: (call: grpc.ServerDuplexStream<unknown, unknown>) => {
      hold(call);
      call.on("data", () => {});
    },
  });
  let stopped = false;
  const done = () => {
    if (!stopped) opts.onShutdown?.();
    stopped = true;
  };
  const shutdown = () => {
    for (const s of streams) s.end();
    const force = setTimeout(() => {
      server.forceShutdown();
      done();
    }, 500);
    server.tryShutdown(() => {
      clearTimeout(force);
      done();
    });
  };
  server.addService(pkg.plugin.GRPCController.service, {
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<object>) => {
      callback(null, {});
      setImmediate(shutdown);
    },
  });

  let credentials = grpc.ServerCredentials.createInsecure();
  let certDer: Buffer | undefined;
  if (opts.clientCertPem) {
    const cert = opts.serverCertificate ?? generateServerCertificate();
    certDer = cert.der;
    credentials = grpc.ServerCredentials.createSsl(
      Buffer.from(opts.clientCertPem),
      [{ cert_chain: Buffer.from(cert.certPem), private_key: Buffer.from(cert.keyPem) }],
      true,
    );
  }
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", credentials, (err, p) => (err ? reject(err) : resolve(p)));
  });
  return { port, handshake: handshakeLine(port, certDer), stop: () => server.forceShutdown() };
}
