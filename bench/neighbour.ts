// What a neighbouring revision costs against a clean build, both the whole cycle of `kbloat
// track` (move the series tree, configure, make, measure, store) on a git repository of real
// sources: the clean one in a fresh cache without ccache, the neighbour one .c change later.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { createPlantedRepo } from "../test/kernel/planted-repo.js";
import { KBLOAT } from "./side-by-side.js";

export interface NeighbourCost {
  cleanMs: number;
  neighbourMs: number;
}

/** Makes a repository of `srcDir` in `work`, then times the two builds (a few minutes: the clean build is from scratch). */
export async function measureNeighbour(srcDir: string, work: string): Promise<NeighbourCost> {
  const repo = join(work, "neighbour-linux");
  const env = { ...process.env, KBLOAT_CACHE: join(work, "neighbour-cache") };
  const track = (rev: string, extra: NodeJS.ProcessEnv = {}) => {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [KBLOAT, "--db", join(work, "neighbour.db"), "track", repo, rev], { encoding: "utf8", env: { ...env, ...extra } });
    if (r.status !== 0) throw new Error(`kbloat track ${rev}: ${r.stderr}`);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const { append, commit } = createPlantedRepo(srcDir, repo, "Bench");
  process.stderr.write("bench: a clean build of the neighbour repository (no ccache)\n");
  const cleanMs = track("base", { CCACHE_DISABLE: "1" });
  append("kernel/panic.c", "\nint kbloat_bench_neighbour(int x) { return x * 3 + 1; }\n");
  commit("panic: one more function");
  const neighbourMs = track("HEAD");
  return { cleanMs, neighbourMs };
}
