// Schema 8's data step: each stored Build gets its source identity as columns, an identity free
// of local paths (computeBuildIdentity's form) and, where it can be recovered exactly, its whole
// recipe. Runs inside the migration's transaction: a database is upgraded whole or not at all.

import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import type SQLite from "better-sqlite3";
import { formatSourceKey, sourceIdOf } from "../core/build-identity.js";
import { parseLegacyIdentity, recoverRecipeFromName, recoverRecipeWithout } from "../core/legacy-identity.js";
import { type Recipe, serializeRecipe } from "../core/recipe.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

interface OldRow {
  id: number;
  identity: string;
  recipe: string;
  recipe_hash: string;
  arch: string;
  toolchain: string;
  created: string;
}

export function upgradeBuildIdentities(db: SQLite.Database): void {
  // newest first: when two old identities name one Build now (one commit found in two clones),
  // the newest takes the new identity and the older keeps its old one, so nothing is lost
  const rows = db.prepare("SELECT id, identity, recipe, recipe_hash, arch, toolchain, created FROM builds ORDER BY id DESC").all() as OldRow[];
  const idOf = new Map(rows.map((r) => [r.identity, r.id]));
  const taken = new Set(rows.map((r) => r.identity));
  const configOf = db.prepare("SELECT config FROM builds WHERE id = ?").pluck();
  const update = db.prepare("UPDATE builds SET identity = ?, source_kind = ?, source_id = ?, source_location = ?, recipe_data = ? WHERE id = ?");
  for (const r of rows) {
    const old = parseLegacyIdentity(r.identity, r.created);
    if (!old) continue;
    let recipe: Recipe | null = null;
    if (old.without) {
      const parentId = idOf.get(old.without.parent);
      const config = parentId === undefined ? null : (configOf.get(parentId) as Buffer | null);
      if (parentId !== undefined && config) {
        const o = {
          name: r.recipe,
          parentId,
          parentConfig: gunzipSync(config).toString("utf8"),
          symbol: old.without.symbol,
          arch: r.arch,
          toolchain: r.toolchain,
          hash: r.recipe_hash,
        };
        recipe = recoverRecipeWithout(o, sha256);
      }
    } else if (old.source.kind !== "vmlinux") recipe = recoverRecipeFromName(r.recipe, r.arch, r.toolchain, r.recipe_hash, sha256);
    const key = formatSourceKey(old.source);
    const identity = old.source.kind === "vmlinux" ? key : `${key}|${r.recipe_hash}|${r.toolchain}`;
    const next = identity === r.identity || !taken.has(identity) ? identity : r.identity;
    taken.add(next);
    update.run(next, old.source.kind, sourceIdOf(old.source), old.location, recipe && gzipSync(serializeRecipe(recipe)), r.id);
  }
}
