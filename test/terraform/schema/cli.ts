/**
 * Prints the provider schemas for a cdktf output folder, as `terraform providers schema -json` would:
 *
 *   npx tsx test/terraform/schema/cli.ts [cdktf.out] > schemas.json
 *
 * Provider versions and any notes go to stderr.
 */
import { buildSchemaBundle } from "./build-schemas";

const synthDir = process.argv[2] ?? "cdktf.out";
const started = performance.now();
const bundle = buildSchemaBundle(synthDir);
process.stdout.write(`${JSON.stringify(bundle.schemas, null, 2)}\n`);
for (const [source, origin] of Object.entries(bundle.providers)) {
  process.stderr.write(`${source} ${origin.version} (${origin.packageName}@${origin.packageVersion})\n`);
}
for (const [source, notes] of Object.entries(bundle.notes)) {
  for (const note of notes) process.stderr.write(`note: ${source} ${note}\n`);
}
process.stderr.write(`built in ${(performance.now() - started).toFixed(0)} ms\n`);
