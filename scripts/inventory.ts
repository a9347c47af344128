/**
 * The golden inventory of stateful resources in the production stacks. A renamed construct changes a
 * Terraform address, and Terraform then destroys the old resource and creates a new, empty one; the
 * inventory test catches that before it reaches a plan.
 *
 *   npm run inventory            # print the current addresses and the difference to the inventory
 *   npm run inventory -- --write # accept the current addresses (after a deliberate moveTo / moved block)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { isStatefulType } from "../policy/stateful-types";

export const INVENTORY_FILE = resolve(__dirname, "../policy/stateful-inventory.json");
export const INVENTORY_STACKS = ["prod", "prod-blue", "prod-green"] as const;
export type Inventory = Record<string, string[]>;

/** Stateful addresses (`type.name`) per production stack, sorted. */
export function statefulAddresses(outdir: string): Inventory {
  const result: Inventory = {};
  for (const stack of INVENTORY_STACKS) {
    const doc = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as {
      resource?: Record<string, Record<string, unknown>>;
    };
    result[stack] = Object.entries(doc.resource ?? {})
      .filter(([type]) => isStatefulType(type))
      .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
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

if (require.main === module) {
  const { values } = parseArgs({
    options: { write: { type: "boolean", default: false }, dir: { type: "string", default: "cdktf.out" } },
  });
  const current = statefulAddresses(values.dir);
  if (values.write) {
    writeFileSync(INVENTORY_FILE, `${JSON.stringify(current, null, 2)}\n`);
    console.log(`wrote ${INVENTORY_FILE}`);
  } else {
    const golden = readInventory();
    console.log(`removed or renamed:\n  ${missing(golden, current).join("\n  ") || "(none)"}`);
    console.log(`new:\n  ${missing(current, golden).join("\n  ") || "(none)"}`);
  }
}
