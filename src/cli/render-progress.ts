// Draws the app's progress events: one rewritten status line on a terminal, plain lines otherwise.

import type { AppEvent } from "../app/events.js";
import { formatDuration } from "../core/format-size.js";

export interface Output {
  write(s: string): void;
  isTTY?: boolean;
}

export function createProgressRenderer(err: Output): { onEvent: (e: AppEvent) => void; done: () => void } {
  // per build: several run at once on a farm, and each keeps its own phase and 15 s clock
  const seen = new Map<string, { phase: string; plain: number }>();
  let statusShown = false;
  const clear = () => {
    if (statusShown) err.write("\r\x1b[K");
    statusShown = false;
  };
  const onEvent = (e: AppEvent) => {
    if (e.kind === "note") {
      clear();
      err.write(`kbloat: ${e.message}\n`);
      return;
    }
    if (e.kind === "series") {
      clear();
      if (e.done < e.total) {
        const eta = e.etaMs === null ? "" : `, ~${formatDuration(e.etaMs)} left`;
        err.write(`[track] ${e.done}/${e.total} revisions done, ${formatDuration(e.elapsedMs)} elapsed${eta}; next ${e.current}\n`);
      } else err.write(`[track] ${e.total}/${e.total} revisions done in ${formatDuration(e.elapsedMs)}\n`);
      return;
    }
    // each build's clock starts at 0 (a track builds several): so does its 15 s between plain lines
    let b = seen.get(e.build);
    if (!b) seen.set(e.build, (b = { phase: "", plain: 0 }));
    const head = `[${e.build}] ${e.phase}`;
    if (e.phase !== b.phase) {
      b.phase = e.phase;
      clear();
      err.write(`${head} (${formatDuration(e.elapsedMs)})\n`);
      return;
    }
    if (e.kind === "phase") return;
    const line = `${head}: ${describeCount(e.compiled, e.expected, e.elapsedMs)}, now ${e.current}`;
    if (err.isTTY) {
      const cols = process.stderr.columns || 100;
      err.write(`\r\x1b[K${line.slice(0, cols - 1)}`);
      statusShown = true;
    } else if (e.compiled > 0 && e.elapsedMs - b.plain >= 15_000) {
      b.plain = e.elapsedMs;
      err.write(`${line}\n`);
    }
  };
  return { onEvent, done: clear };
}

/** "245/500 objects (49%), 3m58s elapsed, ~4m left" when a full build of the recipe was seen before. */
export function describeCount(compiled: number, expected: number | null, elapsedMs: number): string {
  const elapsed = `${formatDuration(elapsedMs)} elapsed`;
  if (!expected || compiled === 0 || compiled > expected) return `${compiled} objects compiled, ${elapsed}`;
  const left = (elapsedMs / compiled) * (expected - compiled);
  return `${compiled}/${expected} objects (${Math.floor((compiled * 100) / expected)}%), ${elapsed}, ~${formatDuration(left)} left`;
}
