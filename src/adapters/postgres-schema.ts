// The schema of a PostgreSQL store. PostgreSQL came in at schema 8, so a new database is made
// at that version in one step, with the same tables and columns as SQLite's migrations make (a
// test compares the two); each schema after 8 adds its step here and in sqlite-schema.ts both.

import type { Transaction } from "kysely";
import { moveSymbolsIntoColumnsPostgres } from "./move-symbols-into-columns.js";
import type { Database } from "./store-tables.js";

export const POSTGRES_SCHEMA_AT_START = 8;

/** SQL, or a data step that rewrites rows SQL alone cannot */
export type PostgresStep = string | ((trx: Transaction<Database>) => Promise<void>);

/** schema 8, whole: the tables of store-tables.ts */
export const POSTGRES_SCHEMA_8 = [
  `CREATE TABLE names (id SERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE)`,
  `CREATE TABLE builds (
     id SERIAL PRIMARY KEY,
     identity TEXT NOT NULL UNIQUE,
     name TEXT NOT NULL,
     source TEXT NOT NULL,
     revision TEXT NOT NULL,
     recipe TEXT NOT NULL,
     recipe_hash TEXT NOT NULL,
     arch TEXT NOT NULL,
     toolchain TEXT NOT NULL,
     source_dir TEXT,
     build_dir TEXT,
     status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
     failed_step TEXT,
     log_tail TEXT,
     duration_ms INTEGER,
     compiled INTEGER,
     created TEXT NOT NULL,
     text INTEGER, data INTEGER, bss INTEGER, total INTEGER,
     image INTEGER, content INTEGER,
     config BYTEA,
     inputs BYTEA,
     could_leave INTEGER, core INTEGER,
     symbol_objects INTEGER,
     made_text INTEGER, made_data INTEGER, made_bss INTEGER,
     source_kind TEXT, source_id TEXT, source_location TEXT,
     recipe_data BYTEA
   )`,
  `CREATE INDEX builds_name ON builds(name)`,
  `CREATE TABLE sections (
     build_id INTEGER NOT NULL REFERENCES builds(id) ON DELETE CASCADE,
     seq INTEGER NOT NULL, name TEXT NOT NULL, addr TEXT NOT NULL, size INTEGER NOT NULL, class TEXT NOT NULL,
     PRIMARY KEY (build_id, seq))`,
  `CREATE TABLE symbols (
     build_id INTEGER NOT NULL REFERENCES builds(id) ON DELETE CASCADE,
     seq INTEGER NOT NULL, name_id INTEGER NOT NULL REFERENCES names(id), type TEXT NOT NULL, size INTEGER NOT NULL,
     object_id INTEGER REFERENCES names(id), addr TEXT,
     PRIMARY KEY (build_id, seq))`,
  `CREATE TABLE objects (
     build_id INTEGER NOT NULL REFERENCES builds(id) ON DELETE CASCADE,
     path_id INTEGER NOT NULL REFERENCES names(id), subsystem_id INTEGER REFERENCES names(id),
     text INTEGER NOT NULL, data INTEGER NOT NULL, bss INTEGER NOT NULL,
     PRIMARY KEY (build_id, path_id))`,
  `CREATE TABLE culprits (
     id SERIAL PRIMARY KEY,
     recipe_hash TEXT NOT NULL,
     recipe TEXT NOT NULL,
     commit_sha TEXT NOT NULL,
     commits TEXT NOT NULL,
     subject TEXT NOT NULL, author TEXT NOT NULL, date TEXT NOT NULL,
     delta INTEGER NOT NULL,
     text_delta INTEGER NOT NULL, data_delta INTEGER NOT NULL, bss_delta INTEGER NOT NULL, total_delta INTEGER NOT NULL,
     image_delta INTEGER,
     subsystems TEXT NOT NULL,
     by_subsystem TEXT NOT NULL,
     base_build INTEGER REFERENCES builds(id) ON DELETE SET NULL,
     head_build INTEGER REFERENCES builds(id) ON DELETE SET NULL,
     range TEXT NOT NULL,
     threshold INTEGER NOT NULL,
     created TEXT NOT NULL,
     merge_rest INTEGER NOT NULL DEFAULT 0,
     UNIQUE (recipe_hash, commit_sha))`,
];

/** schema 9: the modules a build made (both stores make this table as it stands) */
export const MODULES_TABLE = `CREATE TABLE modules (
       build_id INTEGER NOT NULL REFERENCES builds(id) ON DELETE CASCADE,
       path_id INTEGER NOT NULL REFERENCES names(id),
       file INTEGER NOT NULL, text INTEGER NOT NULL, data INTEGER NOT NULL, bss INTEGER NOT NULL,
       loaded INTEGER NOT NULL, init INTEGER NOT NULL, objects TEXT NOT NULL,
       PRIMARY KEY (build_id, path_id))`;

/** the steps after schema 8, by the version they lead to */
export const POSTGRES_MIGRATIONS: Record<number, PostgresStep[]> = {
  9: [MODULES_TABLE],
  10: [moveSymbolsIntoColumnsPostgres],
};
