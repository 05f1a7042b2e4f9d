// options --exact: the real cost of the largest options, measured by building the same kernel
// with each one turned off (its stored .config, `# CONFIG_X is not set`, olddefconfig; for an
// option whose prompt is hidden, the options that show it set first) as variants of the build
// (build-variant.ts), so that each is an incremental build. Static figure against measured.

import { parseDotConfig } from "../core/kconfig/dot-config.js";
import { type BuiltinExplanation, explainBuiltins } from "../core/kconfig/explain-builtins.js";
import { UserError } from "../core/user-error.js";
import { readKconfigFacts } from "../adapters/read-kconfig-facts.js";
import type { BuildRecord, BuildStore } from "./build-record.js";
import type { EventSink } from "./events.js";
import { attributeOptions, type OptionAttribution } from "./modules-report.js";
import { openVariantBuilder, type VariantBuilder } from "./build-variant.js";

export interface ExactOption {
  symbol: string;
  /** bytes of the objects it brings in directly */
  static: number;
  /** content bytes that left when it was turned off; null when it could not be turned off or the build failed */
  measured: number | null;
  /** the build with it off */
  build: BuildRecord | null;
  /** other options that went with it (they depend on it), from the two .config files */
  alsoOff: string[];
  /** options that came on instead (another member of its choice, a default that depends on !it) */
  turnedOn: string[];
  /** options set first because its prompt shows only once they are (PROCESSOR_SELECT for CPU_SUP_INTEL) */
  unlockedBy: string[];
  /** why the two figures differ by more than 10 %, or why nothing was measured */
  note: string | null;
}

export interface ExactResult {
  attribution: OptionAttribution;
  options: ExactOption[];
  /** options larger than the last one measured that a user cannot turn off (no prompt any setting shows, selected, or a choice's pick) */
  skipped: string[];
}

export interface ExactRequest {
  ref: string;
  /** how many of the largest options to build without, or which ones (names without CONFIG_) */
  n: number | string[];
  jobs?: number;
  /** a farm's queue (redis://…): the builds without each option go to its workers, all at once */
  queue?: string;
}

export async function measureOptionsExactly(req: ExactRequest, store: BuildStore, cache: string, emit: EventSink): Promise<ExactResult> {
  const { ref, n } = req;
  const note = (message: string) => emit({ kind: "note", message });
  const a = await attributeOptions(store, ref, cache, note);
  const { facts } = await readKconfigFacts(a.sourceDir, { arch: a.build.arch });
  const explained = new Map(explainBuiltins(facts, parseDotConfig(a.config)).map((e) => [e.symbol, e]));
  const picked: Candidate[] = [];
  const skipped: string[] = [];
  if (Array.isArray(n)) for (const symbol of n) picked.push({ symbol, unlockedBy: namedCandidate(a, explained.get(symbol), symbol) });
  else
    for (const row of a.rows) {
      if (picked.length >= n) break;
      if (!row.name.startsWith("CONFIG_")) continue;
      const symbol = row.name.slice(7);
      const e = explained.get(symbol);
      const unlockedBy = e ? promptShownBy(e) : null;
      if (unlockedBy) picked.push({ symbol, unlockedBy });
      else skipped.push(symbol);
    }
  if (a.m.content === null) {
    throw new UserError(
      `build ${a.build.id} (${a.build.name}) has no content figure (no link map was read), so what leaves with an option cannot be measured`,
      "use options without --exact (its bytes are static figures), or build with kbloat build, which writes the link map",
    );
  }
  const builder = await openVariantBuilder(
    { build: a.build, sourceDir: a.sourceDir, config: a.config },
    { purpose: "exact", what: "without an option", size: picked.length, jobs: req.jobs, queue: req.queue },
    store,
    cache,
    emit,
  );
  let done = 0;
  const one = async (c: Candidate, i: number) => {
    if (builder.slots === 1) emit({ kind: "series", done: i, total: picked.length, current: `${a.build.name} without ${c.symbol}`, elapsedMs: 0, etaMs: null });
    const option = await measureWithout(store, a, c, builder, i);
    if (builder.slots > 1)
      emit({ kind: "series", done: ++done, total: picked.length, current: `${picked.length - done} on the workers`, elapsedMs: 0, etaMs: null });
    return option;
  };
  try {
    const options: ExactOption[] = [];
    if (builder.slots > 1) options.push(...(await Promise.all(picked.map(one))));
    else for (const [i, c] of picked.entries()) options.push(await one(c, i));
    return { attribution: a, options, skipped };
  } finally {
    await builder.close();
  }
}

/** an option to build without, and the options to set first so that its prompt shows */
interface Candidate {
  symbol: string;
  unlockedBy: string[];
}

/**
 * What must be set for a user to turn the option off: nothing when its prompt shows, the options
 * a hidden prompt waits for, or null when no setting can (it is selected, a bool choice's pick,
 * which is swapped rather than turned off, or it has no prompt at all).
 */
function promptShownBy(e: BuiltinExplanation): string[] | null {
  if (e.reasons.some((r) => r.kind === "selected" || r.kind === "choice")) return null;
  if (e.prompt) return [];
  const hidden = e.reasons.find((r) => r.kind === "no-prompt");
  return hidden?.kind === "no-prompt" && hidden.unlockedBy.length > 0 ? hidden.unlockedBy : null;
}

/** the options a named option needs set first, or a UserError saying why it cannot be turned off */
function namedCandidate(a: OptionAttribution, e: BuiltinExplanation | undefined, symbol: string): string[] {
  const where = `build ${a.build.id} (${a.build.name})`;
  if (!e) throw new UserError(`CONFIG_${symbol} is not built in to ${where}`, `kbloat options ${a.build.id} lists the options that are, with their bytes`);
  const unlockedBy = promptShownBy(e);
  if (unlockedBy === null) {
    const has = (kind: string) => e.reasons.some((r) => r.kind === kind);
    const why = has("selected")
      ? "another option selects it"
      : has("choice")
        ? "it is a choice's pick, swapped rather than turned off"
        : "no setting shows a prompt for it";
    throw new UserError(`CONFIG_${symbol} cannot be turned off in ${where}: ${why}`, `kbloat modules ${a.build.id} --why ${symbol} says why it is built in`);
  }
  return unlockedBy;
}

async function measureWithout(store: BuildStore, a: OptionAttribution, c: Candidate, builder: VariantBuilder, position: number): Promise<ExactOption> {
  const { symbol, unlockedBy } = c;
  const staticBytes = a.rows.find((r) => r.name === `CONFIG_${symbol}`)?.size ?? 0;
  const built = await builder.build(`-${symbol}`, [...unlockedBy.map((u) => ({ kind: "enable" as const, symbol: u })), { kind: "disable", symbol }], position);
  if (a.m.content === null) throw new Error("measureWithout needs a build with content: exactOptions refuses one without");
  if (!built.record) return { symbol, static: staticBytes, measured: null, build: null, alsoOff: [], turnedOn: [], unlockedBy, note: built.cause };
  const record = built.record;
  if (record.status !== "ok" || record.figures?.content == null) {
    const cause =
      record.logTail
        ?.split("\n")
        .filter(Boolean)
        .at(-1)
        ?.replace(/^kbloat: /, "") ?? "the build failed";
    return { symbol, static: staticBytes, measured: null, build: record, alsoOff: [], turnedOn: [], unlockedBy, note: cause };
  }
  const measured = a.m.content - record.figures.content;
  const off = await store.loadMeasurement(record.id);
  const alsoOff = off?.config ? builtIn(a.config, off.config, symbol) : [];
  const turnedOn = off?.config ? builtIn(off.config, a.config, symbol).filter((x) => !unlockedBy.includes(x)) : [];
  return { symbol, static: staticBytes, measured, build: record, alsoOff, turnedOn, unlockedBy, note: explainGap(staticBytes, measured, alsoOff, turnedOn) };
}

/** options at y in `before` that are not at y in `after`, besides `symbol` */
function builtIn(before: string, after: string, symbol: string): string[] {
  const a = parseDotConfig(before);
  const b = parseDotConfig(after);
  return [...a.entries()]
    .filter(([k, v]) => k !== symbol && v === "y" && b.get(k) !== "y")
    .map(([k]) => k)
    .sort();
}

const list = (xs: string[]) => `${xs.slice(0, 5).join(", ")}${xs.length > 5 ? ", …" : ""}`;

function explainGap(staticBytes: number, measured: number, alsoOff: string[], turnedOn: string[]): string | null {
  if (Math.abs(measured - staticBytes) <= 0.1 * Math.max(Math.abs(staticBytes), 1)) return null;
  if (turnedOn.length) return `${turnedOn.length} options came on in its place (${list(turnedOn)}): their bytes came in`;
  if (alsoOff.length) return `${alsoOff.length} options went with it (${list(alsoOff)}): their objects left too`;
  if (measured > staticBytes) return "code in other objects is built only with it (#ifdef, IS_ENABLED): it left too";
  return "others keep some of its code in (static inline users, or objects that another option lists too)";
}
