// The shame use case: every culprit blame has stored, for one recipe, ranked by commit, author or
// subsystem; --since keeps the commits that came after a revision (or a date).

import { execa } from "execa";
import { computeShame, type ShameGrain, type ShameResult } from "../core/shame.js";
import { UserError } from "../core/user-error.js";
import { findRepository } from "../adapters/git-changes.js";
import type { BuildStore, StoredCulprit } from "./build-record.js";

export interface ShameRequest {
  by: ShameGrain;
  /** a recipe name; needed when culprits of several recipes are stored */
  recipe?: string;
  /** a revision (in repo) or an ISO date */
  since?: string;
  repo?: string;
}

export interface ShameReport extends ShameResult {
  recipe: string | null;
  since: string | null;
  culprits: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ][0-9:]+([.][0-9]+)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export async function shameCulprits(req: ShameRequest, store: BuildStore): Promise<ShameReport> {
  const all = await store.listCulprits();
  const recipes = [...new Set(all.map((c) => c.recipe))].sort();
  if (req.recipe && !recipes.includes(req.recipe)) {
    throw new UserError(
      `no culprits of recipe ${req.recipe} are stored`,
      recipes.length ? `stored recipes: ${recipes.join(", ")}` : "run kbloat blame A..B first: shame ranks what blame found",
    );
  }
  if (!req.recipe && recipes.length > 1) {
    throw new UserError(
      `culprits of ${recipes.length} recipes are stored (${recipes.join(", ")}), and their bytes do not add up`,
      `pick one with --recipe, e.g. --recipe ${recipes[0]}`,
    );
  }
  const recipe = req.recipe ?? recipes[0] ?? null;
  let culprits = all.filter((c) => c.recipe === recipe);
  if (req.since) culprits = await keepSince(culprits, req.since, req.repo);
  return { ...computeShame(culprits, req.by), recipe, since: req.since ?? null, culprits: culprits.length };
}

async function keepSince(culprits: StoredCulprit[], since: string, repo?: string): Promise<StoredCulprit[]> {
  if (ISO_DATE.test(since)) {
    const t = Date.parse(since);
    if (Number.isNaN(t)) throw new UserError(`--since ${since} is not a date`, "give a revision or a date such as 2024-11-17");
    return culprits.filter((c) => Date.parse(c.date) >= t);
  }
  const dir = repo ?? (await findRepository(process.cwd()));
  const base = await execa("git", ["-C", dir, "rev-parse", "--verify", "--quiet", `${since}^{commit}`], { reject: false });
  if (base.exitCode !== 0)
    throw new UserError(
      `revision ${since} does not exist in ${dir}`,
      "give --since a revision of that repository (or pass --repo), or a date such as 2024-11-17",
    );
  const sha = String(base.stdout).trim();
  const kept: StoredCulprit[] = [];
  for (const c of culprits) {
    if (c.commit === sha) continue;
    const r = await execa("git", ["-C", dir, "merge-base", "--is-ancestor", sha, c.commit], { reject: false });
    if (r.exitCode === 0) kept.push(c);
  }
  return kept;
}
