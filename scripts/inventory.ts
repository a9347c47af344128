/**
 * The golden inventory of stateful resources in the production stacks. A renamed construct changes a
 * Terraform address, and Terraform then destroys the old resource and creates a new, empty one; the
 * inventory test catches that before it reaches a plan.
 *
 *   npm run inventory            # print the current addresses and the difference to the inventory
 *   npm run inventory -- --write # accept the current addresses (after a deliberate moveTo / moved block)
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { isStatefulResource } from "../policy/stateful-types";

export const INVENTORY_FILE = resolve(__dirname, "../policy/stateful-inventory.json");
export const INVENTORY_STACKS = [
  "prod",
  "prod-blue",
  "prod-green",
  "prod-edge",
  "prod-azure",
  "prod-azure-blue",
  "prod-azure-green",
] as const;
export type Inventory = Record<string, string[]>;

/** Stateful addresses (`type.name`) per production stack, sorted. */
export function statefulAddresses(outdir: string): Inventory {
  const result: Inventory = {};
  for (const stack of INVENTORY_STACKS) {
    const doc = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as {
      resource?: Record<string, Record<string, unknown>>;
    };
    result[stack] = Object.entries(doc.resource ?? {})
      .flatMap(([type, byName]) =>
        Object.entries(byName)
          .filter(([, values]) => isStatefulResource(type, values))
          .map(([name]) => `${type}.${name}`),
      )
      .sort();
  }
  return result;
}

export function readInventory(): Inventory {
  return JSON.parse(readFileSync(INVENTORY_FILE, "utf8")) as Inventory;
}

/** Addresses in `before` that are missing from `after`, per stack. */
export function missing(before: Inventory, after: Inventory): string[] {
  return Object.entries(before).flatMap(([stack, addresses]) =>
    addresses.filter((a) => !(after[stack] ?? []).includes(a)).map((a) => `${stack}: ${a}`),
  );
}

const USAGE = "usage: npm run inventory -- [--dir cdktf.out] [--write]";

/**
 * Compares the synthesized production stacks with the golden inventory: exit 1 when a stateful
 * address disappeared or changed (a rename is a delete plus a create), 0 otherwise; `--write`
 * records the current addresses. A usage error or a missing stack prints one line and exits 2.
 */
export function main(argv: readonly string[], log = console.log, err = console.error): number {
  let values: { write?: boolean; dir?: string; help?: boolean };
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        write: { type: "boolean", default: false },
        dir: { type: "string", default: "cdktf.out" },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (e) {
    err(`inventory: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    log(`${USAGE}\n  Golden inventory of stateful production addresses (${INVENTORY_FILE}).`);
    return 0;
  }
  const dir = values.dir ?? "cdktf.out";
  const absent = INVENTORY_STACKS.filter((s) => !existsSync(join(dir, "stacks", s, "cdk.tf.json")));
  if (absent.length > 0) {
    err(`inventory: no synthesized stack ${absent.join(", ")} in ${dir}; run npm run synth first\n${USAGE}`);
    return 2;
  }
  const current = statefulAddresses(dir);
  if (values.write) {
    writeFileSync(INVENTORY_FILE, `${JSON.stringify(current, null, 2)}\n`);
    log(`wrote ${INVENTORY_FILE}`);
    return 0;
  }
  const golden = readInventory();
  const gone = missing(golden, current);
  log(`removed or renamed:\n  ${gone.join("\n  ") || "(none)"}`);
  log(`new:\n  ${missing(current, golden).join("\n  ") || "(none)"}`);
  if (gone.length > 0) {
    err(
      `inventory: ${gone.length} stateful address(es) would be destroyed; if intended, allow them in the plan guard and re-record with --write`,
    );
    return 1;
  }
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
