// Timing for the benches: commands run alternately, so that the machine's noise hits each side
// alike, and their medians compared; and the peak memory of one kbloat run.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
export const KBLOAT = join(ROOT, "bin", "kbloat.js");

export type Cmd = [file: string, args: string[]];

function time([file, args]: Cmd): { ms: number; out: string } {
  const t = process.hrtime.bigint();
  const out = execFileSync(file, args, { encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "ignore"] });
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, out };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs each command `runs` times, alternating, and returns the median milliseconds of each and its last output. */
export function sideBySide(cmds: Cmd[], runs: number): { medians: number[]; outs: string[] } {
  const times: number[][] = cmds.map(() => []);
  const outs: string[] = [];
  for (let i = 0; i < runs; i++) {
    cmds.forEach((c, j) => {
      const r = time(c);
      times[j].push(r.ms);
      outs[j] = r.out;
    });
  }
  return { medians: times.map(median), outs };
}

/** Peak resident memory, in bytes, of `kbloat ARGS` (reported by the process itself at exit). */
export function peakRss(args: string[]): number {
  const dir = mkdtempSync(join(tmpdir(), "kbloat-rss-"));
  const file = join(dir, "rss");
  try {
    const r = spawnSync(process.execPath, ["--import", join(ROOT, "bench", "report-peak-rss.mjs"), KBLOAT, ...args], {
      env: { ...process.env, KBLOAT_BENCH_RSS_FILE: file },
      stdio: ["ignore", "ignore", "pipe"],
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`kbloat ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    return Number(readFileSync(file, "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
