// Schema 10's data step: each build's symbols move from one row per symbol (with its name and
// object interned in `names`) into one row of gzipped columns (core/symbol-columns.ts); names
// only symbols used leave `names`. Runs inside the migration's transaction, in both stores.

import type SQLite from "better-sqlite3";
import type { Transaction } from "kysely";
import type { SymbolSize } from "../core/measurement.js";
import { symbolTableRow } from "./kysely-store.js";
import type { Database } from "./store-tables.js";

/** both stores: the new table as it stands */
export const SYMBOL_TABLES_TABLE = (blob: "BLOB" | "BYTEA") => `CREATE TABLE symbol_tables (
       build_id INTEGER PRIMARY KEY REFERENCES builds(id) ON DELETE CASCADE,
       count INTEGER NOT NULL, sizes ${blob} NOT NULL, places ${blob})`;

const SELECT_SYMBOLS = `SELECT n.name, s.type, s.size, o.name AS object, s.addr FROM symbols s JOIN names n ON n.id = s.name_id
  LEFT JOIN names o ON o.id = s.object_id WHERE s.build_id = ? ORDER BY s.seq`;
const DROP_UNUSED_NAMES = `DELETE FROM names WHERE id NOT IN (SELECT path_id FROM objects)
  AND id NOT IN (SELECT subsystem_id FROM objects WHERE subsystem_id IS NOT NULL) AND id NOT IN (SELECT path_id FROM modules)`;

/** while names are deleted, each one's references are checked (foreign keys): these make that a look-up */
const REFERENCE_INDEXES = [
  ["kbloat_move_objects_path", "objects(path_id)"],
  ["kbloat_move_objects_subsystem", "objects(subsystem_id)"],
  ["kbloat_move_modules_path", "modules(path_id)"],
];

interface OldSymbol {
  name: string;
  type: string;
  size: number;
  object: string | null;
  addr: string | null;
}

/** what loadSymbols gave for the rows: an object only when the build recorded them, an address where one was stored */
function toSymbols(rows: OldSymbol[], objectsKnown: boolean): SymbolSize[] {
  return rows.map(({ name, type, size, object, addr }) => ({ name, type, size, ...(objectsKnown ? { object } : {}), ...(addr === null ? {} : { addr }) }));
}

export function moveSymbolsIntoColumnsSqlite(db: SQLite.Database): void {
  db.exec(`${SYMBOL_TABLES_TABLE("BLOB")}`);
  const builds = db.prepare("SELECT id, symbol_objects FROM builds WHERE id IN (SELECT DISTINCT build_id FROM symbols)").all() as {
    id: number;
    symbol_objects: number | null;
  }[];
  const select = db.prepare(SELECT_SYMBOLS);
  const insert = db.prepare("INSERT INTO symbol_tables (build_id, count, sizes, places) VALUES (@build_id, @count, @sizes, @places)");
  for (const b of builds) insert.run(symbolTableRow(b.id, toSymbols(select.all(b.id) as OldSymbol[], b.symbol_objects === 1)));
  db.exec("DROP TABLE symbols");
  for (const [i, on] of REFERENCE_INDEXES) db.exec(`CREATE INDEX ${i} ON ${on}`);
  db.exec(DROP_UNUSED_NAMES);
  for (const [i] of REFERENCE_INDEXES) db.exec(`DROP INDEX ${i}`);
}

export async function moveSymbolsIntoColumnsPostgres(trx: Transaction<Database>): Promise<void> {
  const { sql } = await import("kysely");
  await sql.raw(SYMBOL_TABLES_TABLE("BYTEA")).execute(trx);
  const builds = await sql<{
    id: number;
    symbol_objects: number | null;
  }>`SELECT id, symbol_objects FROM builds WHERE id IN (SELECT DISTINCT build_id FROM symbols)`.execute(trx);
  for (const b of builds.rows) {
    const rows = await sql<OldSymbol>`SELECT n.name, s.type, s.size, o.name AS object, s.addr FROM symbols s JOIN names n ON n.id = s.name_id
      LEFT JOIN names o ON o.id = s.object_id WHERE s.build_id = ${b.id} ORDER BY s.seq`.execute(trx);
    await trx
      .insertInto("symbol_tables")
      .values(symbolTableRow(b.id, toSymbols(rows.rows, b.symbol_objects === 1)))
      .execute();
  }
  await sql`DROP TABLE symbols`.execute(trx);
  for (const [i, on] of REFERENCE_INDEXES) await sql.raw(`CREATE INDEX ${i} ON ${on}`).execute(trx);
  await sql.raw(DROP_UNUSED_NAMES).execute(trx);
  for (const [i] of REFERENCE_INDEXES) await sql.raw(`DROP INDEX ${i}`).execute(trx);
}
