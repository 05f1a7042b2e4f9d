// The embedded default store: SQLite through better-sqlite3, queried with kysely (KyselyStore)
// but for the read paths that `diff`, `show`, `modules`, `options` and the pages take, which are
// prepared statements here: loading kysely costs more than the whole query.

import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { gunzipSync } from "node:zlib";
import SQLite from "better-sqlite3";
import type { Kysely } from "kysely";
import type { BuildRecord, BuildStore, MeasurementWithoutSymbols } from "../app/build-record.js";
import type { ObjectSize, SymbolSize } from "../core/measurement.js";
import { decodeSymbolColumns, decodeSymbolSizeColumns, type SymbolSizeColumns } from "../core/symbol-columns.js";
import { UserError } from "../core/user-error.js";
import { KyselyStore, RECORD_COLUMNS, toRecord } from "./kysely-store.js";
import { MIGRATIONS, SCHEMA_VERSION } from "./sqlite-schema.js";
import type { Database } from "./store-tables.js";
import { isMeasured, MEASUREMENT_COLUMNS, type MeasurementRow, type SectionRow, toMeasurement } from "./stored-measurement.js";

export function openSqliteStore(path: string): BuildStore {
  let raw: SQLite.Database;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    raw = new SQLite(path, { timeout: BUSY_TIMEOUT_MS });
    useWriteAheadLog(raw);
    raw.pragma("foreign_keys = ON");
    migrate(raw, path);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot open database ${path}: ${(e as Error).message}`, "pass --db (or set KBLOAT_DB) to a file in a writable directory");
  }
  return new SqliteStore(raw);
}

/** how long a kbloat waits for another one's lock on the database before it gives up */
const BUSY_TIMEOUT_MS = 30_000;

/**
 * Turns a new database to WAL. The switch reads the file and then takes the write lock; SQLite
 * refuses that upgrade at once (SQLITE_BUSY, no busy handler) while another connection holds
 * the lock, as when two kbloats create one database together. So it is tried again until the
 * busy timeout: the other finishes in milliseconds, or has WAL set by then (a no-op here).
 */
function useWriteAheadLog(raw: SQLite.Database): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      raw.pragma("journal_mode = WAL");
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== "SQLITE_BUSY" || Date.now() >= deadline) throw e;
      Atomics.wait(pause, 0, 0, 20);
    }
  }
}

/**
 * For the verbs and servers that only read: the file must exist, and is opened read-only. A
 * database of an older schema is first upgraded in place (as any kbloat would), then reopened.
 */
export function openReadOnlySqliteStore(path: string): BuildStore {
  try {
    const probe = new SQLite(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    const version = probe.pragma("user_version", { simple: true }) as number;
    probe.close();
    if (version < SCHEMA_VERSION) {
      const upgrade = new SQLite(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
      migrate(upgrade, path);
      upgrade.close();
    }
    const raw = new SQLite(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    if ((raw.pragma("user_version", { simple: true }) as number) > SCHEMA_VERSION) migrate(raw, path);
    return new SqliteStore(raw);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(
      `cannot open database ${path}: ${(e as Error).message}`,
      "pass --db (or set KBLOAT_DB) to the database kbloat build and kbloat track wrote",
    );
  }
}

function migrate(raw: SQLite.Database, path: string): void {
  const versionOf = () => raw.pragma("user_version", { simple: true }) as number;
  const refuseNewer = (version: number) => {
    if (version <= SCHEMA_VERSION) return;
    throw new UserError(
      `database ${path} is at schema version ${version}, written by a newer kbloat (this one knows up to ${SCHEMA_VERSION})`,
      "upgrade kbloat, or pass --db to use another database",
    );
  };
  refuseNewer(versionOf());
  if (versionOf() === SCHEMA_VERSION) return;
  // the version is read again under the write lock: two kbloats opening a new database at once
  // must not both run the migrations (the second finds them done)
  raw
    .transaction(() => {
      const version = versionOf();
      refuseNewer(version);
      for (let v = version; v < SCHEMA_VERSION; v++) for (const step of MIGRATIONS[v]) typeof step === "string" ? raw.exec(step) : step(raw);
      raw.pragma(`user_version = ${SCHEMA_VERSION}`);
    })
    .immediate();
}

/** the record's columns as one SELECT list, for the prepared statements */
const RECORD_SQL = RECORD_COLUMNS.join(", ");

class SqliteStore extends KyselyStore {
  private kysely: Kysely<Database> | undefined;

  constructor(private readonly raw: SQLite.Database) {
    super();
  }

  /** kysely is loaded on first use: the read paths that make `diff` fast do without it */
  protected async db(): Promise<Kysely<Database>> {
    if (!this.kysely) {
      const { Kysely, SqliteDialect } = await import("kysely");
      this.kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: this.raw }) });
    }
    return this.kysely;
  }

  override async findBuild(ref: string): Promise<BuildRecord | undefined> {
    const row = /^[0-9]+$/.test(ref)
      ? this.raw.prepare(`SELECT ${RECORD_SQL} FROM builds WHERE id = ?`).get(Number(ref))
      : this.raw.prepare(`SELECT ${RECORD_SQL} FROM builds WHERE name = ? ORDER BY id DESC LIMIT 1`).get(ref);
    return row ? toRecord(row as Parameters<typeof toRecord>[0]) : undefined;
  }

  override async loadMeasurementWithoutSymbols(buildId: number): Promise<MeasurementWithoutSymbols | undefined> {
    const b = this.raw.prepare(`SELECT ${MEASUREMENT_COLUMNS.join(", ")} FROM builds WHERE id = ?`).get(buildId) as MeasurementRow | undefined;
    if (!isMeasured(b)) return undefined;
    const sections = this.raw.prepare("SELECT name, addr, size, class FROM sections WHERE build_id = ? ORDER BY seq").all(buildId) as SectionRow[];
    return toMeasurement(b, sections, await this.loadObjects(buildId));
  }

  override async loadObjects(buildId: number): Promise<{ objects: ObjectSize[]; subsystems: Map<string, string> }> {
    const rows = this.raw
      .prepare(
        `SELECT n.name, sub.name, o.text, o.data, o.bss FROM objects o
         JOIN names n ON n.id = o.path_id LEFT JOIN names sub ON sub.id = o.subsystem_id WHERE o.build_id = ?`,
      )
      .raw()
      .all(buildId) as [string, string | null, number, number, number][];
    const subsystems = new Map<string, string>();
    for (const [path, subsystem] of rows) if (subsystem) subsystems.set(path, subsystem);
    return { objects: rows.map(([path, , text, data, bss]) => ({ path, text, data, bss })), subsystems };
  }

  override async loadSymbols(buildId: number): Promise<SymbolSize[]> {
    const row = this.raw.prepare("SELECT sizes, places FROM symbol_tables WHERE build_id = ?").get(buildId) as
      { sizes: Buffer; places: Buffer | null } | undefined;
    return row ? decodeSymbolColumns({ sizes: gunzipSync(row.sizes).toString("utf8"), places: row.places && gunzipSync(row.places).toString("utf8") }) : [];
  }

  override async loadSymbolSizes(buildId: number): Promise<SymbolSizeColumns> {
    const sizes = this.raw.prepare("SELECT sizes FROM symbol_tables WHERE build_id = ?").pluck().get(buildId) as Buffer | undefined;
    return sizes ? decodeSymbolSizeColumns(gunzipSync(sizes).toString("utf8")) : { names: [], types: [], sizes: [] };
  }

  /** One read transaction: everything `read` loads comes from one state of the database (WAL). */
  async readSnapshot<T>(read: () => Promise<T>): Promise<T> {
    this.raw.exec("BEGIN");
    try {
      return await read();
    } finally {
      this.raw.exec("COMMIT");
    }
  }

  async close(): Promise<void> {
    await this.kysely?.destroy();
    if (this.raw.open) this.raw.close();
  }
}
