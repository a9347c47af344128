/** Byte-for-byte comparison of two folder trees, such as two `cdktf.out` folders. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Every entry under `dir` as a sorted path relative to it; folders end in `/`, symlinks in `@`. */
export function entriesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => {
      const rel = join(e.parentPath, e.name).slice(dir.length + 1);
      return e.isDirectory() ? `${rel}/` : e.isSymbolicLink() ? `${rel}@` : rel;
    })
    .sort();
}

/**
 * The differences between two trees, one line each (`only in <a>: x`, `differs: y`); empty when
 * both hold the same entries and every file has the same bytes.
 */
export function diffTrees(a: string, b: string): string[] {
  const right = new Set(entriesUnder(b));
  const problems: string[] = [];
  for (const entry of entriesUnder(a)) {
    if (!right.delete(entry)) problems.push(`only in ${a}: ${entry}`);
    else if (!/[/@]$/.test(entry) && !readFileSync(join(a, entry)).equals(readFileSync(join(b, entry)))) {
      problems.push(`differs: ${entry}`);
    }
  }
  for (const entry of right) problems.push(`only in ${b}: ${entry}`);
  return problems;
}
