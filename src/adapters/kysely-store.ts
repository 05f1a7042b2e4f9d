// The BuildStore written once in kysely, for every database kbloat stores in: SQLite (the
// embedded default, which overrides the hot read paths with prepared statements) and
// PostgreSQL (a farm's shared store). Same queries, same rows, same results.

import { gunzipSync, gzipSync } from "node:zlib";
import type { Kysely, Selectable, Transaction } from "kysely";
import type { BuildRecord, BuildStore, BuildToSave, MeasurementWithoutSymbols, StoredCulprit, StoredMeasurement } from "../app/build-record.js";
import { parseSourceIdentity, sourceIdOf } from "../core/build-identity.js";
import type { ObjectSize, SymbolSize } from "../core/measurement.js";
import type { BuiltModule } from "../core/module-layout.js";
import { parseStoredRecipe, type Recipe, serializeRecipe } from "../core/recipe.js";
import { decodeSymbolColumns, decodeSymbolSizeColumns, encodeSymbolColumns, hasSymbolObjects, type SymbolSizeColumns } from "../core/symbol-columns.js";
import type { Database } from "./store-tables.js";
import { isMeasured, MEASUREMENT_COLUMNS, toMeasurement } from "./stored-measurement.js";

const CHUNK = 4000;

type Row = Selectable<Database["builds"]>;

/** every column of a build but its blobs (.config, input set, recipe) */
export const RECORD_COLUMNS = [
  "id",
  "identity",
  "name",
  "source",
  "revision",
  "recipe",
  "recipe_hash",
  "arch",
  "toolchain",
  "source_dir",
  "build_dir",
  "status",
  "failed_step",
  "log_tail",
  "duration_ms",
  "compiled",
  "created",
  "text",
  "data",
  "bss",
  "total",
  "image",
  "content",
  "could_leave",
  "core",
  "symbol_objects",
  "source_kind",
  "source_id",
  "source_location",
] as const;

export function toRecord(r: Pick<Row, (typeof RECORD_COLUMNS)[number]>): BuildRecord {
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

export abstract class KyselyStore implements BuildStore {
  /** the database to query: inside readSnapshot, its transaction */
  protected abstract db(): Promise<Kysely<Database>>;

  /** Runs first in saveBuild's transaction: where several writers share a database, it serializes savers of one identity. */
  protected async lockIdentity(_trx: Transaction<Database>, _identity: string): Promise<void> {}

  abstract readSnapshot<T>(read: () => Promise<T>): Promise<T>;
  abstract close(): Promise<void>;

  async saveBuild(info: BuildToSave, m: StoredMeasurement | null): Promise<BuildRecord> {
    const db = await this.db();
    const id = await db.transaction().execute(async (trx) => {
      await this.lockIdentity(trx, info.identity);
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
      if (m) await saveMeasurement(trx, row.id, m);
      return row.id;
    });
    const saved = await db.selectFrom("builds").select(RECORD_COLUMNS).where("id", "=", id).executeTakeFirstOrThrow();
    return toRecord(saved);
  }

  async listBuilds(): Promise<BuildRecord[]> {
    // the record without its blobs: a list of thousands of builds needs none of them
    const rows = await (await this.db()).selectFrom("builds").select(RECORD_COLUMNS).orderBy("id").execute();
    return rows.map(toRecord);
  }

  async findBuildByIdentity(identity: string): Promise<BuildRecord | undefined> {
    const row = await (await this.db()).selectFrom("builds").select(RECORD_COLUMNS).where("identity", "=", identity).executeTakeFirst();
    return row && toRecord(row);
  }

  async findBuild(ref: string): Promise<BuildRecord | undefined> {
    const q = (await this.db()).selectFrom("builds").select(RECORD_COLUMNS);
    const row = /^[0-9]+$/.test(ref)
      ? await q.where("id", "=", Number(ref)).executeTakeFirst()
      : await q.where("name", "=", ref).orderBy("id", "desc").limit(1).executeTakeFirst();
    return row && toRecord(row);
  }

  async loadObjects(buildId: number): Promise<{ objects: ObjectSize[]; subsystems: Map<string, string> }> {
    const rows = await (
      await this.db()
    )
      .selectFrom("objects as o")
      .innerJoin("names as n", "n.id", "o.path_id")
      .leftJoin("names as sub", "sub.id", "o.subsystem_id")
      .select(["n.name as path", "sub.name as subsystem", "o.text", "o.data", "o.bss"])
      .where("o.build_id", "=", buildId)
      .execute();
    const subsystems = new Map<string, string>();
    for (const o of rows) if (o.subsystem) subsystems.set(o.path, o.subsystem);
    return { objects: rows.map(({ path, text, data, bss }) => ({ path, text, data, bss })), subsystems };
  }

  async loadSymbols(buildId: number): Promise<SymbolSize[]> {
    const row = await (await this.db()).selectFrom("symbol_tables").select(["sizes", "places"]).where("build_id", "=", buildId).executeTakeFirst();
    return row ? decodeSymbolColumns({ sizes: gunzipSync(row.sizes).toString("utf8"), places: row.places && gunzipSync(row.places).toString("utf8") }) : [];
  }

  async loadSymbolSizes(buildId: number): Promise<SymbolSizeColumns> {
    const row = await (await this.db()).selectFrom("symbol_tables").select("sizes").where("build_id", "=", buildId).executeTakeFirst();
    return row ? decodeSymbolSizeColumns(gunzipSync(row.sizes).toString("utf8")) : { names: [], types: [], sizes: [] };
  }

  async loadModules(buildId: number): Promise<BuiltModule[]> {
    const rows = await (
      await this.db()
    )
      .selectFrom("modules as m")
      .innerJoin("names as n", "n.id", "m.path_id")
      .select(["n.name as path", "m.file", "m.text", "m.data", "m.bss", "m.loaded", "m.init", "m.objects"])
      .where("m.build_id", "=", buildId)
      .orderBy("n.name")
      .execute();
    return rows.map((r) => ({ ...r, objects: r.objects ? r.objects.split(" ") : [] }));
  }

  async loadBuildInputs(buildId: number): Promise<Set<string> | null> {
    const row = await (await this.db()).selectFrom("builds").select("inputs").where("id", "=", buildId).executeTakeFirst();
    return row?.inputs ? new Set(gunzipSync(row.inputs).toString("utf8").split("\n")) : null;
  }

  async loadRecipe(buildId: number): Promise<Recipe | null> {
    const row = await (await this.db()).selectFrom("builds").select("recipe_data").where("id", "=", buildId).executeTakeFirst();
    return row?.recipe_data ? parseStoredRecipe(gunzipSync(row.recipe_data).toString("utf8")) : null;
  }

  async saveCulprits(culprits: StoredCulprit[]): Promise<void> {
    const created = new Date().toISOString();
    await (await this.db()).transaction().execute(async (trx) => {
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
    const rows = await (await this.db()).selectFrom("culprits").selectAll().orderBy("id").execute();
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
    const m = await this.loadMeasurementWithoutSymbols(buildId);
    return m && { ...m, symbols: await this.loadSymbols(buildId) };
  }

  async loadMeasurementWithoutSymbols(buildId: number): Promise<MeasurementWithoutSymbols | undefined> {
    const db = await this.db();
    const b = await db.selectFrom("builds").select(MEASUREMENT_COLUMNS).where("id", "=", buildId).executeTakeFirst();
    if (!isMeasured(b)) return undefined;
    const sections = await db.selectFrom("sections").select(["name", "addr", "size", "class"]).where("build_id", "=", buildId).orderBy("seq").execute();
    return toMeasurement(b, sections, await this.loadObjects(buildId));
  }
}

async function saveMeasurement(trx: Transaction<Database>, buildId: number, m: StoredMeasurement): Promise<void> {
  const ids = await internNames(trx, [...m.objects.map((o) => o.path), ...m.subsystems.values()]);
  const sections = m.sections.map((s, seq) => ({ build_id: buildId, seq, name: s.name, addr: s.addr, size: s.size, class: s.class }));
  for (const chunk of chunks(sections)) await trx.insertInto("sections").values(chunk).execute();
  await trx.insertInto("symbol_tables").values(symbolTableRow(buildId, m.symbols)).execute();
  const objects = m.objects.map((o) => {
    const subsystem = m.subsystems.get(o.path);
    return {
      build_id: buildId,
      path_id: ids.get(o.path) as number,
      subsystem_id: subsystem ? (ids.get(subsystem) as number) : null,
      text: o.text,
      data: o.data,
      bss: o.bss,
    };
  });
  for (const chunk of chunks(objects)) await trx.insertInto("objects").values(chunk).execute();
  if (!m.modules?.length) return;
  const paths = await internNames(
    trx,
    m.modules.map((x) => x.path),
  );
  const modules = m.modules.map((x) => ({
    build_id: buildId,
    path_id: paths.get(x.path) as number,
    file: x.file,
    text: x.text,
    data: x.data,
    bss: x.bss,
    loaded: x.loaded,
    init: x.init,
    objects: x.objects.join(" "),
  }));
  for (const chunk of chunks(modules)) await trx.insertInto("modules").values(chunk).execute();
}

/**
 * Each name once in `names`. Sorted, so that two writers interning overlapping names take their
 * row locks in one order (PostgreSQL) and cannot deadlock.
 */
async function internNames(trx: Transaction<Database>, names: string[]): Promise<Map<string, number>> {
  const unique = [...new Set(names)].sort();
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

/** The symbols as two gzipped columns (core/symbol-columns.ts): one row per build, not per symbol. */
export function symbolTableRow(buildId: number, symbols: SymbolSize[]): Database["symbol_tables"] {
  const c = encodeSymbolColumns(symbols);
  // level 1: a third of the bytes of the JSON, in a few milliseconds
  return { build_id: buildId, count: c.count, sizes: gzipSync(c.sizes, { level: 1 }), places: c.places === null ? null : gzipSync(c.places, { level: 1 }) };
}

function* chunks<T>(items: T[], size = CHUNK): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
