// What the front ends need to get going: where things live, and the store to use: a SQLite
// file (the embedded default), or PostgreSQL when --db is a postgres:// URL (a farm's store).

import { existsSync } from "node:fs";
import { isPostgresUrl, openPostgresStore } from "../adapters/postgres-store.js";
import { openReadOnlySqliteStore, openSqliteStore } from "../adapters/sqlite-store.js";
import { UserError } from "../core/user-error.js";
import type { BuildStore } from "./build-record.js";

export { cacheDir, defaultDbPath } from "../adapters/paths.js";
export { isPostgresUrl, redactUrl } from "../adapters/postgres-store.js";

export function openStore(db: string): BuildStore {
  return isPostgresUrl(db) ? openPostgresStore(db) : openSqliteStore(db);
}

/** For verbs that only read: a missing database is an error, never a new empty one. */
export function openReadOnlyStore(db: string): BuildStore {
  if (isPostgresUrl(db)) return openPostgresStore(db, { readOnly: true });
  if (!existsSync(db)) {
    throw new UserError(`no database at ${db}`, "pass --db (or set KBLOAT_DB) to the database kbloat build and kbloat track wrote, or build something first");
  }
  return openReadOnlySqliteStore(db);
}
