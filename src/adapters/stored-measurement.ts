// A build's measurement as its rows hold it: the build's own columns, its sections and its
// objects. One conversion for the kysely queries (every store) and SQLite's prepared statements.

import { gunzipSync } from "node:zlib";
import type { Selectable } from "kysely";
import type { MeasurementWithoutSymbols } from "../app/build-record.js";
import type { ObjectSize, SectionClass } from "../core/measurement.js";
import type { Database } from "./store-tables.js";

/** the columns of a build that its measurement is made of */
export const MEASUREMENT_COLUMNS = ["status", "text", "data", "bss", "total", "image", "content", "config", "made_text", "made_data", "made_bss"] as const;

export type MeasurementRow = Pick<Selectable<Database["builds"]>, (typeof MEASUREMENT_COLUMNS)[number]>;
export type SectionRow = Omit<Database["sections"], "build_id" | "seq">;

/** a build that succeeded and was measured: a failed one, or one stored without figures, has no measurement */
export function isMeasured(b: MeasurementRow | undefined): b is MeasurementRow & { total: number } {
  return b !== undefined && b.status === "ok" && b.total !== null;
}

export function toMeasurement(
  b: MeasurementRow & { total: number },
  sections: SectionRow[],
  { objects, subsystems }: { objects: ObjectSize[]; subsystems: Map<string, string> },
): MeasurementWithoutSymbols {
  return {
    totals: { text: b.text ?? 0, data: b.data ?? 0, bss: b.bss ?? 0, total: b.total },
    content: b.content,
    linkerMade: b.made_text === null || b.made_data === null || b.made_bss === null ? null : { text: b.made_text, data: b.made_data, bss: b.made_bss },
    image: b.image,
    sections: sections.map((s) => ({ ...s, class: s.class as SectionClass })),
    objects,
    subsystems,
    config: b.config ? gunzipSync(b.config).toString("utf8") : null,
  };
}
