// What the front ends need to get going: where things live, and the store to use.

import { existsSync } from "node:fs";
import { openReadOnlySqliteStore, openSqliteStore } from "../adapters/sqlite-store.js";
import { UserError } from "../core/user-error.js";
import type { BuildStore } from "./build-record.js";

export { cacheDir, defaultDbPath } from "../adapters/paths.js";

export function openStore(path: string): BuildStore {
  return openSqliteStore(path);
}

/** For verbs that only read: a missing database is an error, never a new empty one. */
export function openReadOnlyStore(path: string): BuildStore {
  if (!existsSync(path)) {
    throw new UserError(`no database at ${path}`, "pass --db (or set KBLOAT_DB) to the database kbloat build and kbloat track wrote, or build something first");
  }
  return openReadOnlySqliteStore(path);
}
