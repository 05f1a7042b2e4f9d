// Which kbloat this is: the package's version, and the database schema it reads and writes.

import { readFileSync } from "node:fs";
import { SCHEMA_VERSION } from "../adapters/sqlite-schema.js";

/**
 * The database schema version (PRAGMA user_version) of every store kbloat opens: older
 * databases are upgraded to it in place, newer ones refused.
 */
export const DATABASE_SCHEMA = SCHEMA_VERSION;

/** The version in kbloat's package.json, two folders up from this file in src/ and in dist/. */
export function readPackageVersion(): string {
  const path = new URL("../../package.json", import.meta.url);
  const pkg = JSON.parse(readFileSync(path, "utf8")) as { name?: string; version?: string };
  if (pkg.name !== "kbloat" || typeof pkg.version !== "string") throw new Error(`${path.pathname} is not kbloat's package.json`);
  return pkg.version;
}
