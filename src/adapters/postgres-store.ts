// A farm's shared store: PostgreSQL through node-postgres, with the same kysely queries as
// SQLite (KyselyStore). Several kbloats may write at once: savers of one identity are
// serialized by a transaction-scoped advisory lock, so a Build stored twice (two workers, a
// retried job) is one row, never two and never none.

import { AsyncLocalStorage } from "node:async_hooks";
import type { Kysely, Transaction } from "kysely";
import type { BuildStore } from "../app/build-record.js";
import { UserError } from "../core/user-error.js";
import { KyselyStore } from "./kysely-store.js";
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_8, POSTGRES_SCHEMA_AT_START } from "./postgres-schema.js";
import { SCHEMA_VERSION } from "./sqlite-schema.js";
import type { Database } from "./store-tables.js";

/** `postgres://…` or `postgresql://…`: what --db takes for PostgreSQL */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//.test(db);
}

/** The URL as it may be printed: without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ":***@");
  }
}

/** An arbitrary key of kbloat's: the advisory lock its migrations run under. */
const MIGRATION_LOCK = 4_242_001;

/**
 * Opens the store; it connects (and migrates) on first use, so an unreachable server is a
 * UserError from the first call that needs it. `readOnly`: a database with no kbloat schema is
 * an error, not a new store.
 */
export function openPostgresStore(url: string, o: { readOnly?: boolean } = {}): BuildStore {
  return explainLostServer(new PostgresStore(url, o.readOnly === true), url);
}

/** error codes of a server that went away or cannot be reached (node's and PostgreSQL's class 08 and 57P) */
const LOST = /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|08\d\d\d|57P0[1-3])$/;

function isLostServer(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  return (
    (typeof err?.code === "string" && LOST.test(err.code)) ||
    /Connection terminated|connection timeout|terminating connection/i.test(String(err?.message ?? ""))
  );
}

/**
 * A server lost in the middle of a run is a UserError with its cause and the fix, whichever
 * call met it. Each write is one transaction, so what was not committed is simply not there.
 */
function explainLostServer(store: BuildStore, url: string): BuildStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== "function" || key === "close") return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } catch (e) {
          if (e instanceof UserError || !isLostServer(e)) throw e;
          throw new UserError(
            `lost the PostgreSQL database ${redactUrl(url)}: ${(e as Error).message}; nothing half-written was kept (each Build is stored in one transaction)`,
            "start the server again and rerun the same command: what was stored is found, and a build tree and ccache make the rest quick",
          );
        }
      };
    },
  });
}

class PostgresStore extends KyselyStore {
  private readonly ready: Promise<Kysely<Database>>;
  /** the transaction of the readSnapshot that the current call runs in */
  private readonly snapshot = new AsyncLocalStorage<Transaction<Database>>();

  constructor(url: string, readOnly: boolean) {
    super();
    this.ready = connect(url, readOnly);
    // a store that is opened and never used must not report an unhandled rejection
    this.ready.catch(() => {});
  }

  protected async db(): Promise<Kysely<Database>> {
    return this.snapshot.getStore() ?? (await this.ready);
  }

  protected override async lockIdentity(trx: Transaction<Database>, identity: string): Promise<void> {
    const { sql } = await import("kysely");
    await sql`SELECT pg_advisory_xact_lock(hashtext(${identity}))`.execute(trx);
  }

  /** One repeatable-read transaction: everything `read` loads comes from one state of the database. */
  async readSnapshot<T>(read: () => Promise<T>): Promise<T> {
    const db = await this.ready;
    return db
      .transaction()
      .setIsolationLevel("repeatable read")
      .setAccessMode("read only")
      .execute((trx) => this.snapshot.run(trx, read));
  }

  async close(): Promise<void> {
    const db = await this.ready.catch(() => null);
    await db?.destroy();
  }
}

async function connect(url: string, readOnly: boolean): Promise<Kysely<Database>> {
  const [{ Kysely, PostgresDialect }, pg] = await Promise.all([import("kysely"), import("pg")]);
  const pool = new pg.default.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000 });
  // an idle client that loses its server must not take the process down
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db, url, readOnly);
    return db;
  } catch (e) {
    await db.destroy();
    if (e instanceof UserError) throw e;
    throw new UserError(
      `cannot use the PostgreSQL database ${redactUrl(url)}: ${(e as Error).message}`,
      "start the server (scripts/local-postgres.sh starts one on loopback), or check the host, port, user, password and database name in --db",
    );
  }
}

async function migrate(db: Kysely<Database>, url: string, readOnly: boolean): Promise<void> {
  // kysely is loaded when a PostgreSQL store is used, never at start-up (every verb opens this module)
  const { sql } = await import("kysely");
  await db.transaction().execute(async (trx) => {
    // two kbloats opening a new database at once: the second waits, then finds it made
    await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    const exists = await sql<{ t: string | null }>`SELECT to_regclass('kbloat_schema')::text AS t`.execute(trx);
    let version = 0;
    if (exists.rows[0]?.t) version = (await sql<{ version: number }>`SELECT version FROM kbloat_schema`.execute(trx)).rows[0]?.version ?? 0;
    if (version > SCHEMA_VERSION) {
      throw new UserError(
        `database ${redactUrl(url)} is at schema version ${version}, written by a newer kbloat (this one knows up to ${SCHEMA_VERSION})`,
        "upgrade kbloat, or pass --db to use another database",
      );
    }
    if (version === SCHEMA_VERSION) return;
    if (version === 0) {
      if (readOnly) {
        throw new UserError(
          `the PostgreSQL database ${redactUrl(url)} holds no kbloat builds`,
          "pass --db the database kbloat build and kbloat track wrote, or build something into it first",
        );
      }
      for (const stmt of POSTGRES_SCHEMA_8) await sql.raw(stmt).execute(trx);
      await sql`CREATE TABLE kbloat_schema (version INTEGER NOT NULL)`.execute(trx);
      await sql`INSERT INTO kbloat_schema (version) VALUES (${POSTGRES_SCHEMA_AT_START})`.execute(trx);
      version = POSTGRES_SCHEMA_AT_START;
    }
    for (let v = version + 1; v <= SCHEMA_VERSION; v++) {
      const steps = POSTGRES_MIGRATIONS[v];
      if (!steps) throw new Error(`schema ${v} has no PostgreSQL step`);
      for (const step of steps) typeof step === "string" ? await sql.raw(step).execute(trx) : await step(trx);
    }
    await sql`UPDATE kbloat_schema SET version = ${SCHEMA_VERSION}`.execute(trx);
  });
}
