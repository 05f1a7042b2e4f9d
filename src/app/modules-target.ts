// The whole picture of a build's modularization: what `yes2modconfig` already took out (the same
// source and toolchain built without +mod, when it is stored), and, for a size the user aims at,
// which proven candidates, largest first, get the kernel proper there.

import { planTarget, type TargetPlan } from "../core/modularization.js";
import type { BuildRecord, BuildStore } from "./build-record.js";
import type { ModulesResult } from "./modules-report.js";
import { readKconfigFacts } from "../adapters/read-kconfig-facts.js";

export interface ModulesPicture {
  /** the build of the same source, toolchain and recipe without +mod, and the content bytes +mod took out */
  beforeMod: { build: BuildRecord; left: number } | null;
  /** with a target: the plan, and the candidates not proven yet (modules --prove measures them) */
  target: (TargetPlan & { unproven: string[] }) | null;
}

export async function readModulesPicture(r: ModulesResult, target: number | undefined, store: BuildStore): Promise<ModulesPicture> {
  return { beforeMod: await findBeforeMod(r, store), target: target === undefined ? null : await planWithProofs(r, target, store) };
}

async function findBeforeMod(r: ModulesResult, store: BuildStore): Promise<ModulesPicture["beforeMod"]> {
  const b = r.build;
  if (!b.recipe.includes("+mod") || !b.sourceIdentity || r.attribution.m.content === null) return null;
  const without = b.recipe.replace("+mod", "");
  const sameSource = (x: BuildRecord) => JSON.stringify(x.sourceIdentity) === JSON.stringify(b.sourceIdentity);
  const same = (await store.listBuilds()).filter(
    (x) => x.status === "ok" && x.recipe === without && x.toolchain === b.toolchain && x.arch === b.arch && sameSource(x) && x.figures?.content != null,
  );
  const base = same.at(-1);
  return base ? { build: base, left: (base.figures?.content as number) - r.attribution.m.content } : null;
}

async function planWithProofs(r: ModulesResult, target: number, store: BuildStore): Promise<ModulesPicture["target"]> {
  const candidates = r.report.options.filter((o) => (o.verdict === "module-now" || o.verdict === "bool-to-tristate") && o.bytes > 0);
  // what builds the proofs is loaded only here: the report alone runs no build
  const { findStoredProof } = await import("./prove-modules.js");
  const model = (await readKconfigFacts(r.attribution.sourceDir, { arch: r.build.arch })).facts;
  const proven: { symbol: string; saving: number }[] = [];
  const unproven: string[] = [];
  for (const c of candidates) {
    const p = await findStoredProof(r.attribution, c, store, model);
    if (p && p.verdict !== "not-possible" && p.left !== null) proven.push({ symbol: c.symbol, saving: p.left });
    else if (!p) unproven.push(c.symbol);
  }
  return { ...planTarget(r.report.summary.kernelProper, target, proven), unproven };
}
