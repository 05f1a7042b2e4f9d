// The embedded default store: SQLite through better-sqlite3, queried with kysely.

import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import SQLite from "better-sqlite3";
import type { Kysely, Selectable, Transaction } from "kysely";
import type { BuildRecord, BuildStore, BuildToSave, StoredCulprit, StoredMeasurement } from "../app/build-record.js";
import { parseSourceIdentity, sourceIdOf } from "../core/build-identity.js";
import type { ObjectSize, SectionClass, SymbolSize } from "../core/measurement.js";
import { parseStoredRecipe, type Recipe, serializeRecipe } from "../core/recipe.js";
import { UserError } from "../core/user-error.js";
import { type Database, MIGRATIONS, SCHEMA_VERSION } from "./sqlite-schema.js";

const CHUNK = 4000;

export function openSqliteStore(path: string): BuildStore {
  let raw: SQLite.Database;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    raw = new SQLite(path, { timeout: 30_000 });
    raw.pragma("journal_mode = WAL");
    raw.pragma("foreign_keys = ON");
    migrate(raw, path);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot open database ${path}: ${(e as Error).message}`, "pass --db (or set KBLOAT_DB) to a file in a writable directory");
  }
  return new SqliteStore(raw);
}

/**
 * For the verbs and servers that only read: the file must exist, and is opened read-only. A
 * database of an older schema is first upgraded in place (as any kbloat would), then reopened.
 */
export function openReadOnlySqliteStore(path: string): BuildStore {
  try {
    const probe = new SQLite(path, { readonly: true, fileMustExist: true, timeout: 30_000 });
    const version = probe.pragma("user_version", { simple: true }) as number;
    probe.close();
    if (version < SCHEMA_VERSION) {
      const upgrade = new SQLite(path, { fileMustExist: true, timeout: 30_000 });
      migrate(upgrade, path);
      upgrade.close();
    }
    const raw = new SQLite(path, { readonly: true, fileMustExist: true, timeout: 30_000 });
    if ((raw.pragma("user_version", { simple: true }) as number) > SCHEMA_VERSION) migrate(raw, path);
    return new SqliteStore(raw);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot open database ${path}: ${(e as Error).message}`, "pass --db (or set KBLOAT_DB) to the database kbloat build and kbloat track wrote");
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
  raw.transaction(() => {
    const version = versionOf();
    refuseNewer(version);
    for (let v = version; v < SCHEMA_VERSION; v++) for (const step of MIGRATIONS[v]) typeof step === "string" ? raw.exec(step) : step(raw);
    raw.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

type Row = Selectable<Database["builds"]>;

/** every column of a build but its blobs (.config and input set) */
const RECORD_COLUMNS = [
  "id", "identity", "name", "source", "revision", "recipe", "recipe_hash", "arch", "toolchain", "source_dir", "build_dir", "status", "failed_step",
  "log_tail", "duration_ms", "compiled", "created", "text", "data", "bss", "total", "image", "content", "could_leave", "core", "symbol_objects",
  "source_kind", "source_id", "source_location",
] as const;

function toRecord(r: Row): BuildRecord {
  return {
    id: r.id,
    identity: r.identity,
    name: r.name,
    source: r.source,
    revision: r.revision,
    sourceIdentity: r.source_kind === null || r.source_id === null ? null : parseSourceIdentity(r.source_kind, r.source_id),
    sourceLocation: r.source_location,
    recipe: r.recipe,
    recipeHash: r.recipe_hash,
    arch: r.arch,
    toolchain: r.toolchain,
    sourceDir: r.source_dir,
    buildDir: r.build_dir,
    status: r.status as BuildRecord["status"],
    failedStep: r.failed_step as BuildRecord["failedStep"],
    logTail: r.log_tail,
    durationMs: r.duration_ms,
    compiled: r.compiled,
    created: r.created,
    figures: r.total === null ? null : { text: r.text ?? 0, data: r.data ?? 0, bss: r.bss ?? 0, total: r.total, image: r.image, content: r.content },
    modular: r.could_leave === null || r.core === null ? null : { couldLeave: r.could_leave, core: r.core },
  };
}

class SqliteStore implements BuildStore {
  private kysely: Kysely<Database> | undefined;

  constructor(private readonly raw: SQLite.Database) {}

  /** kysely is loaded on first use: the read paths that make `diff` fast do without it */
  private async k(): Promise<Kysely<Database>> {
    if (!this.kysely) {
      const { Kysely, SqliteDialect } = await import("kysely");
      this.kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: this.raw }) });
    }
    return this.kysely;
  }

  async saveBuild(info: BuildToSave, m: StoredMeasurement | null): Promise<BuildRecord> {
    const id = await (await this.k()).transaction().execute(async (trx) => {
      await trx.deleteFrom("builds").where("identity", "=", info.identity).execute();
      const row = await trx
        .insertInto("builds")
        .values({
          identity: info.identity,
          name: info.name,
          source: info.source,
          revision: info.revision,
          source_kind: info.sourceIdentity?.kind ?? null,
          source_id: info.sourceIdentity ? sourceIdOf(info.sourceIdentity) : null,
          source_location: info.sourceLocation,
          recipe_data: info.recipeData ? gzipSync(serializeRecipe(info.recipeData)) : null,
          recipe: info.recipe,
          recipe_hash: info.recipeHash,
          arch: info.arch,
          toolchain: info.toolchain,
          source_dir: info.sourceDir,
          build_dir: info.buildDir,
          status: info.status,
          failed_step: info.failedStep,
          log_tail: info.logTail,
          duration_ms: info.durationMs,
          compiled: info.compiled,
          created: new Date().toISOString(),
          text: m?.totals.text ?? null,
          data: m?.totals.data ?? null,
          bss: m?.totals.bss ?? null,
          total: m?.totals.total ?? null,
          image: m?.image ?? null,
          content: m?.content ?? null,
          config: m?.config ? gzipSync(m.config) : null,
          inputs: m?.inputs ? gzipSync(m.inputs.join("\n")) : null,
          could_leave: m?.modular?.couldLeave ?? null,
          core: m?.modular?.core ?? null,
          symbol_objects: m && hasSymbolObjects(m.symbols) ? 1 : null,
          made_text: m?.linkerMade?.text ?? null,
          made_data: m?.linkerMade?.data ?? null,
          made_bss: m?.linkerMade?.bss ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (m) await this.saveMeasurement(trx, row.id, m);
      return row.id;
    });
    const saved = await (await this.k()).selectFrom("builds").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    return toRecord(saved);
  }

  private async saveMeasurement(trx: Transaction<Database>, buildId: number, m: StoredMeasurement): Promise<void> {
    const objectsOfSymbols = m.symbols.flatMap((s) => (s.object ? [s.object] : []));
    const ids = await internNames(trx, [...m.symbols.map((s) => s.name), ...objectsOfSymbols, ...m.objects.map((o) => o.path), ...m.subsystems.values()]);
    const sections = m.sections.map((s, seq) => ({ build_id: buildId, seq, name: s.name, addr: s.addr, size: s.size, class: s.class }));
    for (const chunk of chunks(sections)) await trx.insertInto("sections").values(chunk).execute();
    const symbols = m.symbols.map((s, seq) => {
      const object_id = s.object ? (ids.get(s.object) as number) : null;
      return { build_id: buildId, seq, name_id: ids.get(s.name) as number, type: s.type, size: s.size, object_id, addr: s.addr ?? null };
    });
    for (const chunk of chunks(symbols)) await trx.insertInto("symbols").values(chunk).execute();
    const objects = m.objects.map((o) => {
      const subsystem = m.subsystems.get(o.path);
      return { build_id: buildId, path_id: ids.get(o.path) as number, subsystem_id: subsystem ? (ids.get(subsystem) as number) : null, text: o.text, data: o.data, bss: o.bss };
    });
    for (const chunk of chunks(objects)) await trx.insertInto("objects").values(chunk).execute();
  }

  async listBuilds(): Promise<BuildRecord[]> {
    // the record without its .config and input set: a list of thousands of builds needs neither
    const rows = await (await this.k()).selectFrom("builds").select(RECORD_COLUMNS).orderBy("id").execute();
    return rows.map((r) => toRecord(r as Row));
  }

  async loadObjects(buildId: number): Promise<{ objects: ObjectSize[]; subsystems: Map<string, string> }> {
    const rows = this.raw
      .prepare("SELECT n.name, sub.name, o.text, o.data, o.bss FROM objects o JOIN names n ON n.id = o.path_id LEFT JOIN names sub ON sub.id = o.subsystem_id WHERE o.build_id = ?")
      .raw()
      .all(buildId) as [string, string | null, number, number, number][];
    const subsystems = new Map<string, string>();
    for (const [path, subsystem] of rows) if (subsystem) subsystems.set(path, subsystem);
    return { objects: rows.map(([path, , text, data, bss]) => ({ path, text, data, bss })), subsystems };
  }

  async findBuildByIdentity(identity: string): Promise<BuildRecord | undefined> {
    const row = await (await this.k()).selectFrom("builds").selectAll().where("identity", "=", identity).executeTakeFirst();
    return row && toRecord(row);
  }

  async findBuild(ref: string): Promise<BuildRecord | undefined> {
    const row = /^[0-9]+$/.test(ref)
      ? this.raw.prepare("SELECT * FROM builds WHERE id = ?").get(Number(ref))
      : this.raw.prepare("SELECT * FROM builds WHERE name = ? ORDER BY id DESC LIMIT 1").get(ref);
    return row ? toRecord(row as Row) : undefined;
  }

  async loadSymbols(buildId: number): Promise<SymbolSize[]> {
    const known = this.raw.prepare("SELECT symbol_objects FROM builds WHERE id = ?").pluck().get(buildId) === 1;
    if (!known) {
      // no objects recorded: skip the join, bloat-o-meter diffs of old builds stay as fast as they were
      const rows = this.raw
        .prepare("SELECT n.name, s.type, s.size, s.addr FROM symbols s JOIN names n ON n.id = s.name_id WHERE s.build_id = ? ORDER BY s.seq")
        .raw()
        .all(buildId) as [string, string, number, string | null][];
      return rows.map(([name, type, size, addr]) => (addr === null ? { name, type, size } : { name, type, size, addr }));
    }
    const rows = this.raw
      .prepare(
        `SELECT n.name, s.type, s.size, o.name, s.addr FROM symbols s JOIN names n ON n.id = s.name_id LEFT JOIN names o ON o.id = s.object_id
         WHERE s.build_id = ? ORDER BY s.seq`,
      )
      .raw()
      .all(buildId) as [string, string, number, string | null, string | null][];
    return rows.map(([name, type, size, object, addr]) => (addr === null ? { name, type, size, object } : { name, type, size, object, addr }));
  }

  async loadRecipe(buildId: number): Promise<Recipe | null> {
    const data = this.raw.prepare("SELECT recipe_data FROM builds WHERE id = ?").pluck().get(buildId) as Buffer | null | undefined;
    return data ? parseStoredRecipe(gunzipSync(data).toString("utf8")) : null;
  }

  async loadBuildInputs(buildId: number): Promise<Set<string> | null> {
    const row = this.raw.prepare("SELECT inputs FROM builds WHERE id = ?").get(buildId) as { inputs: Buffer | null } | undefined;
    return row?.inputs ? new Set(gunzipSync(row.inputs).toString("utf8").split("\n")) : null;
  }

  async saveCulprits(culprits: StoredCulprit[]): Promise<void> {
    const created = new Date().toISOString();
    await (await this.k()).transaction().execute(async (trx) => {
      for (const c of culprits) {
        const row = {
          recipe_hash: c.recipeHash,
          recipe: c.recipe,
          commit_sha: c.commit,
          commits: JSON.stringify(c.commits),
          subject: c.subject,
          author: c.author,
          date: c.date,
          delta: c.delta,
          text_delta: c.sizeDelta.text,
          data_delta: c.sizeDelta.data,
          bss_delta: c.sizeDelta.bss,
          total_delta: c.sizeDelta.total,
          image_delta: c.imageDelta,
          subsystems: JSON.stringify(c.subsystems),
          by_subsystem: JSON.stringify(c.bySubsystem),
          base_build: c.baseBuild,
          head_build: c.headBuild,
          range: c.range,
          threshold: c.threshold,
          created,
          merge_rest: c.mergeRest ? 1 : 0,
        };
        await trx
          .insertInto("culprits")
          .values(row)
          .onConflict((oc) => oc.columns(["recipe_hash", "commit_sha"]).doUpdateSet(row))
          .execute();
      }
    });
  }

  async listCulprits(): Promise<StoredCulprit[]> {
    const rows = await (await this.k()).selectFrom("culprits").selectAll().orderBy("id").execute();
    return rows.map((r) => ({
      recipeHash: r.recipe_hash,
      recipe: r.recipe,
      commit: r.commit_sha,
      commits: JSON.parse(r.commits),
      subject: r.subject,
      author: r.author,
      date: r.date,
      delta: r.delta,
      sizeDelta: { text: r.text_delta, data: r.data_delta, bss: r.bss_delta, total: r.total_delta },
      imageDelta: r.image_delta,
      subsystems: JSON.parse(r.subsystems),
      bySubsystem: JSON.parse(r.by_subsystem),
      baseBuild: r.base_build,
      headBuild: r.head_build,
      range: r.range,
      threshold: r.threshold,
      ...(r.merge_rest ? { mergeRest: true } : {}),
    }));
  }

  async loadMeasurement(buildId: number): Promise<StoredMeasurement | undefined> {
    const db = await this.k();
    const b = await db.selectFrom("builds").selectAll().where("id", "=", buildId).executeTakeFirst();
    if (!b || b.status !== "ok" || b.total === null) return undefined;
    const sections = await db.selectFrom("sections").select(["name", "addr", "size", "class"]).where("build_id", "=", buildId).orderBy("seq").execute();
    const symbols = await this.loadSymbols(buildId);
    const objects = await db
      .selectFrom("objects")
      .innerJoin("names", "names.id", "objects.path_id")
      .leftJoin("names as sub", "sub.id", "objects.subsystem_id")
      .select(["names.name as path", "sub.name as subsystem", "objects.text as text", "objects.data as data", "objects.bss as bss"])
      .where("build_id", "=", buildId)
      .execute();
    const subsystems = new Map<string, string>();
    for (const o of objects) if (o.subsystem) subsystems.set(o.path, o.subsystem);
    return {
      totals: { text: b.text ?? 0, data: b.data ?? 0, bss: b.bss ?? 0, total: b.total },
      content: b.content,
      linkerMade: b.made_text === null || b.made_data === null || b.made_bss === null ? null : { text: b.made_text, data: b.made_data, bss: b.made_bss },
      image: b.image,
      sections: sections.map((s) => ({ ...s, class: s.class as SectionClass })),
      symbols,
      objects: objects.map(({ path, text, data, bss }) => ({ path, text, data, bss })),
      subsystems,
      config: b.config ? gunzipSync(b.config).toString("utf8") : null,
    };
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

async function internNames(trx: Transaction<Database>, names: string[]): Promise<Map<string, number>> {
  const unique = [...new Set(names)];
  const ids = new Map<string, number>();
  for (const chunk of chunks(unique, 2000)) {
    await trx
      .insertInto("names")
      .values(chunk.map((name) => ({ name })))
      .onConflict((oc) => oc.column("name").doNothing())
      .execute();
    const rows = await trx.selectFrom("names").select(["id", "name"]).where("name", "in", chunk).execute();
    for (const r of rows) ids.set(r.name, r.id);
  }
  return ids;
}

/** Recorded only when every symbol says where it is (readMeasurement gives all or none an object). */
function hasSymbolObjects(symbols: SymbolSize[]): boolean {
  return symbols.length > 0 && symbols.every((s) => s.object !== undefined);
}

function* chunks<T>(items: T[], size = CHUNK): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
