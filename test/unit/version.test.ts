// kbloat --version: the version package.json gives, and the database schema it reads and writes;
// list --format json carries the same schema number.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { SCHEMA_VERSION } from "../../src/adapters/sqlite-schema.js";
import { openStore } from "../../src/app/open-store.js";
import { runCli } from "../../src/cli/main.js";

const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8"));

async function run(args: string[]) {
  let stdout = "";
  const code = await runCli(args, { stdout: { write: (s) => void (stdout += s) }, stderr: { write: () => {} }, env: process.env });
  return { code, stdout };
}

test("--version and -V print package.json's version and the database schema", async () => {
  for (const flag of ["--version", "-V"]) {
    assert.deepEqual(await run([flag]), { code: 0, stdout: `kbloat ${pkg.version} (database schema ${SCHEMA_VERSION})\n` });
  }
});

test("list --format json names the database schema", async () => {
  const db = join(mkdtempSync(join(tmpdir(), "kbloat-version-")), "kbloat.db");
  await openStore(db).close();
  const { builds, database_schema } = JSON.parse((await run(["--db", db, "--format", "json", "list"])).stdout);
  assert.deepEqual({ builds, database_schema }, { builds: [], database_schema: SCHEMA_VERSION });
});
