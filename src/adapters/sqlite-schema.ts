// The database schema as numbered migrations. A database records the number it is at
// (PRAGMA user_version); older ones are upgraded in place, newer ones refused.

export const MIGRATIONS: string[][] = [
  [
    `CREATE TABLE names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)`,
    `CREATE TABLE builds (
       id INTEGER PRIMARY KEY,
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
       config BLOB
     )`,
    `CREATE INDEX builds_name ON builds(name)`,
    `CREATE TABLE sections (
       build_id INTEGER NOT NULL REFERENCES builds(id) ON DELETE CASCADE,
       seq INTEGER NOT NULL, name TEXT NOT NULL, addr TEXT NOT NULL, size INTEGER NOT NULL, class TEXT NOT NULL,
       PRIMARY KEY (build_id, seq)) WITHOUT ROWID`,
    `CREATE TABLE symbols (
       build_id INTEGER NOT NULL REFERENCES builds(id) ON DELETE CASCADE,
       seq INTEGER NOT NULL, name_id INTEGER NOT NULL REFERENCES names(id), type TEXT NOT NULL, size INTEGER NOT NULL,
       PRIMARY KEY (build_id, seq)) WITHOUT ROWID`,
    `CREATE TABLE objects (
       build_id INTEGER NOT NULL REFERENCES builds(id) ON DELETE CASCADE,
       path_id INTEGER NOT NULL REFERENCES names(id), subsystem_id INTEGER REFERENCES names(id), text INTEGER NOT NULL, data INTEGER NOT NULL, bss INTEGER NOT NULL,
       PRIMARY KEY (build_id, path_id)) WITHOUT ROWID`,
  ],
];

export const SCHEMA_VERSION = MIGRATIONS.length;

import type { Generated } from "kysely";

export interface Database {
  names: { id: Generated<number>; name: string };
  builds: {
    id: Generated<number>;
    identity: string;
    name: string;
    source: string;
    revision: string;
    recipe: string;
    recipe_hash: string;
    arch: string;
    toolchain: string;
    source_dir: string | null;
    build_dir: string | null;
    status: string;
    failed_step: string | null;
    log_tail: string | null;
    duration_ms: number | null;
    compiled: number | null;
    created: string;
    text: number | null;
    data: number | null;
    bss: number | null;
    total: number | null;
    image: number | null;
    content: number | null;
    config: Buffer | null;
  };
  sections: { build_id: number; seq: number; name: string; addr: string; size: number; class: string };
  symbols: { build_id: number; seq: number; name_id: number; type: string; size: number };
  objects: { build_id: number; path_id: number; subsystem_id: number | null; text: number; data: number; bss: number };
}
