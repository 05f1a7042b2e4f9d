// The read API's views of stored builds: `list` and `show` (DESIGN.md "Machine output").
// Pure: the CLI prints these documents and the web pages draw them, so both show one number.

import type { BreakdownInput, Grain } from "../../core/breakdown.js";
import { computeBreakdown, limitRows } from "../../core/breakdown.js";
import { isOutsideContent, type RollupRow } from "../../core/rollup.js";
import type { BuildFigures, BuildRecord, StoredMeasurement } from "../build-record.js";
import { document } from "./schema.js";

export interface BuildRef {
  id: number;
  name: string;
  source: string;
  revision: string;
  recipe: string;
  status: BuildRecord["status"];
  toolchain: string;
  source_dir: string | null;
  build_dir: string | null;
}

export function buildRef(b: BuildRecord): BuildRef {
  return {
    id: b.id,
    name: b.name,
    source: b.source,
    revision: b.revision,
    recipe: b.recipe,
    status: b.status,
    toolchain: b.toolchain,
    source_dir: b.sourceDir,
    build_dir: b.buildDir,
  };
}

/** size's Berkeley figures (total is its dec), the boot image and the content bytes */
export type Totals = BuildFigures;

export function totalsOf(m: Pick<StoredMeasurement, "totals" | "image" | "content">): Totals {
  return { text: m.totals.text, data: m.totals.data, bss: m.totals.bss, total: m.totals.total, image: m.image, content: m.content };
}

export interface ListedBuild extends BuildRef {
  created: string;
  failed_step: BuildRecord["failedStep"];
  arch: string;
  /** how long configure, make and measure took, in whole seconds (null for a kernel measured, not built) */
  duration_s: number | null;
  totals: Totals | null;
}

/** `databaseSchema`: the schema version of the database the builds come from (the caller knows it; views stay pure) */
export function listView(builds: BuildRecord[], databaseSchema: number) {
  return document({
    database_schema: databaseSchema,
    builds: builds.map((b): ListedBuild => ({
      ...buildRef(b),
      created: b.created,
      failed_step: b.failedStep,
      arch: b.arch,
      duration_s: b.durationMs === null ? null : Math.round(b.durationMs / 1000),
      totals: b.figures && { ...b.figures },
    })),
  });
}
export type ListView = ReturnType<typeof listView>;

/** What `build` and `measure` print: the build and its headline figures. */
export function summaryView(b: BuildRecord, m: StoredMeasurement | null) {
  return document({ build: buildRef(b), totals: m && totalsOf(m) });
}
export type SummaryView = ReturnType<typeof summaryView>;

export interface ViewRow {
  name: string;
  size: number;
  text: number;
  data: number;
  bss: number;
}

const viewRow = ({ name, size, text, data, bss }: RollupRow): ViewRow => ({ name, size, text, data, bss });

export interface ShowRequest {
  by: Grain;
  depth: number;
  /** the largest N rows, the rest folded into one "[N more]" row (the sum still holds) */
  top?: number;
}

/**
 * What a row's share is a share of: content bytes, where the build has them and the rows are
 * content (objects, symbols and what they roll up into); size's dec for sections, which hold the
 * padding too, or when content is unknown. The rows of bytes in no object (the linker's own and its
 * padding) are not content: they have no share; [unattributed] objects are content and have one.
 */
export function shareBasis(by: Grain, content: number | null): "content" | "size" {
  return by !== "section" && content !== null ? "content" : "size";
}

/** A failed build has no totals and no rows; its failing step and log tail say why. */
export function showView(b: BuildRecord, m: (StoredMeasurement & BreakdownInput) | null, req: ShowRequest) {
  const share_of = m ? shareBasis(req.by, m.content) : null;
  const whole = m ? (share_of === "content" ? (m.content ?? 0) : m.totals.total) : 0;
  const rows = m
    ? limitRows(computeBreakdown(m, req), req.top).map((r) => ({
        ...viewRow(r),
        share: share_of === "content" && isOutsideContent(r.name) ? null : whole ? r.size / whole : null,
      }))
    : [];
  return document({ build: buildRef(b), by: req.by, totals: m && totalsOf(m), share_of, rows, failed_step: b.failedStep, log_tail: b.logTail });
}
export type ShowView = ReturnType<typeof showView>;
