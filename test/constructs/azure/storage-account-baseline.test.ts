import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { STORAGE_ACCOUNT_BASELINE } from "../../../constructs/azure/storage-account-baseline";
import { readStack, resourcesOf, synthDir } from "../../helpers";

/** camelCase binding names to the snake_case the JSON has. */
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe("STORAGE_ACCOUNT_BASELINE", () => {
  it("holds on every storage account of every stack", () => {
    const dir = synthDir();
    const stacks = Object.keys(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")).stacks);
    const expected = Object.fromEntries(
      Object.entries(STORAGE_ACCOUNT_BASELINE).map(([k, v]) => [snake(k), v]),
    );
    let accounts = 0;
    for (const stack of stacks) {
      for (const [id, account] of Object.entries(
        resourcesOf(readStack(dir, stack), "azurerm_storage_account"),
      )) {
        expect(account, `${stack} ${id}`).toMatchObject(expected);
        accounts++;
      }
    }
    // The state account, both foundations' Blob storage and production's static website.
    expect(accounts).toBe(4);
  });
});
