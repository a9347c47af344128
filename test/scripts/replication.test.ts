/**
 * The cross-cloud replication step (scripts/replication/*.sql) on two real PostgreSQL servers on
 * loopback: a publisher with `wal_level = logical` and TLS, and a subscriber. Each script runs twice
 * (it is idempotent), the existing rows are copied, a new row streams over TLS, and the subscription
 * script refuses a missing or plain-text publisher. The servers are the machine's PostgreSQL
 * (`initdb`, `pg_ctl` on PATH or under /usr/lib/postgresql/<major>/bin); without them the tests skip
 * locally and fail in CI. As root, the servers run as `nobody` (PostgreSQL refuses root).
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers";

const REPO = resolve(__dirname, "..", "..");
const PUBLICATION = join(REPO, "scripts", "replication", "publication.sql");
const SUBSCRIPTION = join(REPO, "scripts", "replication", "subscription.sql");

/** The server binaries' folder: the one holding initdb on PATH, else the newest Debian major. */
function serverBin(): string | undefined {
  const which = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" });
  const onPath = which.status === 0 ? which.stdout.trim() : "";
  if (onPath && existsSync(join(onPath, "..", "pg_ctl"))) return resolve(onPath, "..");
  const debian = "/usr/lib/postgresql";
  if (!existsSync(debian)) return undefined;
  const majors = readdirSync(debian)
    .filter((d) => existsSync(join(debian, d, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? join(debian, majors[0], "bin") : undefined;
}

const BIN = serverBin();
const PSQL = spawnSync("sh", ["-c", "command -v psql"], { encoding: "utf8" }).stdout.trim() || undefined;
const HAVE = BIN !== undefined && PSQL !== undefined && spawnSync("openssl", ["version"]).status === 0;
if (!HAVE && process.env.CI === "true") {
  throw new Error(
    "PostgreSQL (initdb, pg_ctl, psql) or openssl is missing; CI must run the replication test",
  );
}
if (!HAVE) console.warn("replication.test.ts: skipped, no PostgreSQL server binaries (initdb, pg_ctl) here");

const ROOT = process.getuid?.() === 0;
/** Runs a server binary as the current user, or as nobody when that is root. */
function asServerUser(cmd: string, args: string[], home: string): SpawnSyncReturns<string> {
  const env = { ...process.env, HOME: home, LC_ALL: "C" };
  return ROOT
    ? spawnSync("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", cmd, ...args], {
        encoding: "utf8",
        env,
      })
    : spawnSync(cmd, args, { encoding: "utf8", env });
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

interface Server {
  readonly dir: string;
  readonly port: number;
}

describe.skipIf(!HAVE)("the replication scripts on two PostgreSQL servers", () => {
  const root = tempDir("replication");
  let publisher: Server;
  let subscriber: Server;
  const started: Server[] = [];

  function psql(server: Server, args: string[]): SpawnSyncReturns<string> {
    return spawnSync(
      PSQL!,
      ["-X", "-h", root, "-p", String(server.port), "-U", "postgres", "-d", "postgres", ...args],
      {
        encoding: "utf8",
        env: { ...process.env, PGCONNECT_TIMEOUT: "10" },
      },
    );
  }
  const query = (server: Server, sql: string) => psql(server, ["-Atqc", sql]).stdout.trim();

  async function start(name: string, options: string[], tls: boolean): Promise<Server> {
    const dir = join(root, name);
    const init = asServerUser(join(BIN!, "initdb"), ["-D", dir, "-U", "postgres", "-A", "trust"], root);
    expect(init.status, init.stderr).toBe(0);
    if (tls) {
      const cert = asServerUser(
        "openssl",
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1"].concat([
          "-keyout",
          join(dir, "server.key"),
          "-out",
          join(dir, "server.crt"),
        ]),
        root,
      );
      expect(cert.status, cert.stderr).toBe(0);
      chmodSync(join(dir, "server.key"), 0o600);
    }
    const port = await freePort();
    const serverOptions = [`-p ${port}`, `-k ${root}`, "-c listen_addresses=127.0.0.1", ...options].join(" ");
    const run = asServerUser(
      join(BIN!, "pg_ctl"),
      ["-D", dir, "-l", join(root, `${name}.log`), "-o", serverOptions, "-w", "-t", "30", "start"],
      root,
    );
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const server = { dir, port };
    started.push(server);
    return server;
  }

  beforeAll(async () => {
    mkdirSync(root, { recursive: true });
    if (ROOT) chownSync(root, 65534, 65534);
    publisher = await start("publisher", ["-c wal_level=logical", "-c ssl=on"], true);
    // The launcher starts new subscriptions every wal_retrieve_retry_interval (5 s by default).
    subscriber = await start("subscriber", ["-c wal_retrieve_retry_interval=200ms"], false);
    for (const server of [publisher, subscriber]) {
      expect(query(server, "CREATE TABLE orders (id int PRIMARY KEY, note text)")).toBe("");
    }
    query(publisher, "INSERT INTO orders VALUES (1, 'before the subscription')");
  }, 120_000);

  afterAll(() => {
    for (const server of started) {
      asServerUser(join(BIN!, "pg_ctl"), ["-D", server.dir, "-m", "immediate", "-w", "stop"], root);
    }
  });

  const conninfo = (sslmode: string) =>
    `host=localhost hostaddr=127.0.0.1 port=${publisher.port} dbname=postgres user=postgres sslmode=${sslmode}`;

  it("creates the publication once, however often it runs", () => {
    for (let i = 0; i < 2; i++) {
      const run = psql(publisher, ["-f", PUBLICATION]);
      expect(run.status, run.stderr).toBe(0);
    }
    expect(query(publisher, "SELECT pubname || ' ' || puballtables FROM pg_publication")).toBe(
      "platform true",
    );
  });

  it("refuses a subscription without a publisher, or to a publisher without TLS, and creates nothing", () => {
    const none = psql(subscriber, ["-f", SUBSCRIPTION]);
    expect(none.status).toBe(3);
    expect(none.stderr).toContain("set -v publisher=");
    // libpq takes the last sslmode, and none at all means "prefer" (which may fall back to plain text).
    for (const publisher of [
      conninfo("disable"),
      `${conninfo("require")} sslmode=disable`,
      conninfo("require").replace(" sslmode=require", ""),
    ]) {
      const plain = psql(subscriber, ["-v", `publisher=${publisher}`, "-f", SUBSCRIPTION]);
      expect(plain.status, publisher).toBe(3);
      expect(plain.stderr).toContain("must set sslmode=require, verify-ca or verify-full");
    }
    expect(query(subscriber, "SELECT count(*) FROM pg_subscription")).toBe("0");
  });

  it("subscribes once, copies the existing rows, and streams new ones over TLS", async () => {
    for (let i = 0; i < 2; i++) {
      // Spaces around = are libpq's syntax too.
      const publisher = conninfo("require").replace("sslmode=require", "sslmode = require");
      const run = psql(subscriber, ["-v", `publisher=${publisher}`, "-f", SUBSCRIPTION]);
      expect(run.status, run.stderr).toBe(0);
    }
    expect(query(subscriber, "SELECT count(*) FROM pg_subscription")).toBe("1");
    query(publisher, "INSERT INTO orders VALUES (2, 'after it')");
    const deadline = Date.now() + 30_000;
    let rows = "";
    while (Date.now() < deadline) {
      rows = query(subscriber, "SELECT string_agg(id || ':' || note, ',' ORDER BY id) FROM orders");
      if (rows.includes("2:")) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(rows).toBe("1:before the subscription,2:after it");
    expect(
      query(publisher, "SELECT bool_and(s.ssl) FROM pg_stat_replication r JOIN pg_stat_ssl s USING (pid)"),
    ).toBe("t");
  }, 60_000);

  it("subscribes without copying where the rows are already there (copy_data=false, as for a fail-back)", async () => {
    // A second database of the subscriber, restored with the rows so far: a copy would collide on them.
    expect(query(subscriber, "CREATE DATABASE restored")).toBe("");
    const restored = (sql: string) => psql(subscriber, ["-d", "restored", "-Atqc", sql]).stdout.trim();
    restored("CREATE TABLE orders (id int PRIMARY KEY, note text)");
    restored("INSERT INTO orders VALUES (1, 'before the subscription'), (2, 'after it')");
    const run = psql(subscriber, [
      "-d",
      "restored",
      "-v",
      `publisher=${conninfo("require")}`,
      "-v",
      "subscription=restored",
      "-v",
      "copy_data=false",
      "-f",
      SUBSCRIPTION,
    ]);
    expect(run.status, run.stderr).toBe(0);
    query(publisher, "INSERT INTO orders VALUES (3, 'after the restore')");
    const deadline = Date.now() + 30_000;
    let rows = "";
    while (Date.now() < deadline) {
      rows = restored("SELECT string_agg(id::text, ',' ORDER BY id) FROM orders");
      if (rows.endsWith("3")) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(rows).toBe("1,2,3");
    // A copy would have failed on the duplicate keys and left the subscription's sync errored.
    expect(restored("SELECT count(*) FROM pg_subscription_rel WHERE srsubstate <> 'r'")).toBe("0");
  }, 60_000);
});

describe(".ci/install-postgres", () => {
  const script = join(REPO, ".ci", "install-postgres");

  it("is valid bash, and .ci/run calls it before the tests", () => {
    expect(spawnSync("bash", ["-n", script], { encoding: "utf8" }).status).toBe(0);
    const run = readFileSync(join(REPO, ".ci", "run"), "utf8");
    expect(run.indexOf("bash .ci/install-postgres")).toBeGreaterThan(-1);
    expect(run.indexOf("bash .ci/install-postgres")).toBeLessThan(run.indexOf("npm test"));
  });

  it.skipIf(!HAVE)("exits at once, installing nothing, where the server binaries are already here", () => {
    const run = spawnSync("bash", [script], { encoding: "utf8" });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, "", ""]);
  });
});
