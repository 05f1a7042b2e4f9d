// A stored build as one JSON document for the web pages, and back: the pages rebuild the
// measurement from it and draw it through the same views the CLI prints (show, diff), so a
// number on a page is the number of `kbloat … --format json`. Symbols come in a second
// document, fetched only by the views that need them (the treemap's last level, bloat-o-meter).

import type { BloatOMeterRules } from "../../core/bloat-o-meter.js";
import type { SymbolSize } from "../../core/measurement.js";
import type { BuildRecord, StoredMeasurement } from "../build-record.js";
import { document } from "./schema.js";

/** [path, text, data, bss, subsystem index or -1, option index or -1] */
export type ObjectCells = [string, number, number, number, number, number];
/** name, nm type, size, index of its object (-1: none), address in hex ("" when not recorded) */
export type SymbolCells = [string, string, number, number, string];

/** `bloatOMeter`: the rules of the script this build's tree ships, which a diff with this build as its head follows */
export function measurementDoc(build: BuildRecord, m: StoredMeasurement | null, optionNote: string | null, bloatOMeter: BloatOMeterRules) {
  const subsystems: string[] = [];
  const options: string[] = [];
  const indexOf = (list: string[], seen: Map<string, number>, v: string | undefined) => {
    if (v === undefined) return -1;
    let i = seen.get(v);
    if (i === undefined) seen.set(v, (i = list.push(v) - 1));
    return i;
  };
  const seenSub = new Map<string, number>();
  const seenOpt = new Map<string, number>();
  const objects: ObjectCells[] = (m?.objects ?? []).map((o) => [
    o.path,
    o.text,
    o.data,
    o.bss,
    indexOf(subsystems, seenSub, m?.subsystems.get(o.path)),
    indexOf(options, seenOpt, m?.options?.get(o.path)),
  ]);
  return document({
    build,
    measured: m !== null,
    totals: m && { text: m.totals.text, data: m.totals.data, bss: m.totals.bss, total: m.totals.total },
    content: m?.content ?? null,
    linker_made: m?.linkerMade ?? null,
    image: m?.image ?? null,
    sections: m?.sections ?? [],
    objects,
    subsystems,
    options,
    /** why --by option is not available for this build, or null when it is */
    option_note: m?.options ? null : optionNote,
    symbol_count: m?.symbols.length ?? 0,
    bloat_o_meter: bloatOMeter,
  });
}
export type MeasurementDoc = ReturnType<typeof measurementDoc>;

export function symbolsDoc(buildId: number, m: StoredMeasurement) {
  const index = new Map(m.objects.map((o, i) => [o.path, i]));
  const symbols: SymbolCells[] = m.symbols.map((s) => [s.name, s.type, s.size, s.object ? (index.get(s.object) ?? -1) : -1, s.addr ?? ""]);
  return document({ build: buildId, symbols });
}
export type SymbolsDoc = ReturnType<typeof symbolsDoc>;

/** The build and measurement a document holds; symbols from their own document when given. */
export function fromMeasurementDoc(doc: MeasurementDoc, symbols?: SymbolsDoc): { build: BuildRecord; m: StoredMeasurement | null } {
  const build = doc.build as BuildRecord;
  if (!doc.measured || !doc.totals) return { build, m: null };
  const objects = doc.objects.map(([path, text, data, bss]) => ({ path, text, data, bss }));
  const subsystems = new Map<string, string>();
  const options = new Map<string, string>();
  for (const [path, , , , sub, opt] of doc.objects) {
    if (sub >= 0) subsystems.set(path, doc.subsystems[sub]);
    if (opt >= 0) options.set(path, doc.options[opt]);
  }
  const syms: SymbolSize[] = (symbols?.symbols ?? []).map(([name, type, size, obj, addr]) => ({
    name,
    type,
    size,
    object: obj >= 0 ? objects[obj].path : null,
    ...(addr ? { addr } : {}),
  }));
  return {
    build,
    m: {
      totals: doc.totals,
      content: doc.content,
      linkerMade: doc.linker_made ?? null,
      image: doc.image,
      sections: doc.sections,
      symbols: syms,
      objects,
      subsystems,
      config: null,
      ...(doc.option_note === null ? { options } : {}),
    },
  };
}
