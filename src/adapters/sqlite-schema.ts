// The database schema as numbered migrations. A database records the number it is at
// (PRAGMA user_version); older ones are upgraded in place, newer ones refused. A step is SQL, or
// a data step that rewrites rows SQL alone cannot.

import type SQLite from "better-sqlite3";
import { MODULES_TABLE } from "./postgres-schema.js";
import { moveSymbolsIntoColumnsSqlite } from "./move-symbols-into-columns.js";
import { upgradeBuildIdentities } from "./upgrade-build-identities.js";

export type MigrationStep = string | ((db: SQLite.Database) => void);

export const MIGRATIONS: MigrationStep[][] = [
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
       path_id INTEGER NOT NULL REFERENCES names(id), subsystem_id INTEGER REFERENCES names(id),
       text INTEGER NOT NULL, data INTEGER NOT NULL, bss INTEGER NOT NULL,
       PRIMARY KEY (build_id, path_id)) WITHOUT ROWID`,
  ],
  [
    // the files the build read (kbuild's .cmd files), gzipped, one path a line: blame prunes with it
    `ALTER TABLE builds ADD COLUMN inputs BLOB`,
    // every commit blame named, once per recipe: what shame ranks
    `CREATE TABLE culprits (
       id INTEGER PRIMARY KEY,
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
       UNIQUE (recipe_hash, commit_sha))`,
  ],
  [
    // for +mod recipes: what could still leave the kernel proper, and the core that cannot
    `ALTER TABLE builds ADD COLUMN could_leave INTEGER`,
    `ALTER TABLE builds ADD COLUMN core INTEGER`,
  ],
  [
    // the object each symbol came from, for the directory → object → symbol grain; NULL when none is
    `ALTER TABLE symbols ADD COLUMN object_id INTEGER REFERENCES names(id)`,
    // 1 when the symbols' objects were recorded: tells "in no object" from "not known" (builds
    // stored before, or without a link map), which a NULL object_id alone cannot
    `ALTER TABLE builds ADD COLUMN symbol_objects INTEGER`,
  ],
  [
    // each symbol's address (hex), so that aliases (names of one set of bytes) are counted once;
    // NULL for builds stored before
    `ALTER TABLE symbols ADD COLUMN addr TEXT`,
  ],
  [
    // 1 for the part of a merge that its branch's commits do not explain (blame --into-merges)
    `ALTER TABLE culprits ADD COLUMN merge_rest INTEGER NOT NULL DEFAULT 0`,
  ],
  [
    // bytes the linker script writes or reserves, per size class (the rest beyond content is
    // padding); NULL when unknown (no link map, or stored before)
    `ALTER TABLE builds ADD COLUMN made_text INTEGER`,
    `ALTER TABLE builds ADD COLUMN made_data INTEGER`,
    `ALTER TABLE builds ADD COLUMN made_bss INTEGER`,
  ],
  [
    // what was built, wherever it lay: git + commit, tarball + SHA-256, directory + path@time,
    // vmlinux + SHA-256; and where the machine that built it found it. NULL when unknown
    `ALTER TABLE builds ADD COLUMN source_kind TEXT`,
    `ALTER TABLE builds ADD COLUMN source_id TEXT`,
    `ALTER TABLE builds ADD COLUMN source_location TEXT`,
    // the whole recipe (serializeRecipe), gzipped: what any machine needs to build it again
    `ALTER TABLE builds ADD COLUMN recipe_data BLOB`,
    // identities without local paths; old rows' sources and recipes read back where they can be
    upgradeBuildIdentities,
  ],
  [
    // the modules a build made (a recipe that sets options to m builds them): each .ko's size,
    // what it costs loaded and while it loads, and its objects (space-separated)
    MODULES_TABLE + " WITHOUT ROWID",
  ],
  [
    // a build's symbols as one row of gzipped columns, not a row per symbol: a third of the
    // bytes, stored and read in milliseconds; symbol names no longer fill `names`
    moveSymbolsIntoColumnsSqlite,
  ],
];

export const SCHEMA_VERSION = MIGRATIONS.length;
