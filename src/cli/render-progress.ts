// Draws the app's progress events: one rewritten status line on a terminal, plain lines otherwise.

import type { AppEvent } from "../app/events.js";
import { formatDuration } from "./format-size.js";

export interface Output {
  write(s: string): void;
  isTTY?: boolean;
}

export function createProgressRenderer(err: Output): { onEvent: (e: AppEvent) => void; done: () => void } {
  let lastPhase = "";
  let lastPlain = 0;
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
    const head = `[${e.build}] ${e.phase}`;
    if (e.kind === "phase" || e.phase !== lastPhase) {
      lastPhase = e.phase;
      clear();
      err.write(`${head} (${formatDuration(e.elapsedMs)})\n`);
      return;
    }
    const line = `${head}: ${e.compiled} objects compiled, ${formatDuration(e.elapsedMs)} elapsed, now ${e.current}`;
    if (err.isTTY) {
      const cols = process.stderr.columns || 100;
      err.write(`\r\x1b[K${line.slice(0, cols - 1)}`);
      statusShown = true;
    } else if (e.elapsedMs - lastPlain >= 15_000) {
      lastPlain = e.elapsedMs;
      err.write(`${line}\n`);
    }
  };
  return { onEvent, done: clear };
}
