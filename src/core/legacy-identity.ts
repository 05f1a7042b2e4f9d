// Builds stored before schema 8 carry an identity made by hand, with local paths in it
// (`git:/path/to/repo|<commit>|<recipe hash>|<toolchain>`), and only their recipe's name and
// hash. This reads such an identity back into a source identity, and recovers the whole recipe
// where its name says all of it; a recovery counts only when it hashes to the stored hash.

import { type SourceIdentity, computeRecipeHash } from "./build-identity.js";
import { parseRecipe, type Recipe, type Toolchain } from "./recipe.js";

export interface LegacyIdentity {
  source: SourceIdentity;
  /** where the old identity said the source was (a repository or directory), when it said */
  location: string | null;
  /** `options --exact`'s builds: the identity of the build it turned an option off in, and the option */
  without: { parent: string; symbol: string } | null;
}

/** null for an identity no kbloat wrote (it is left as it is) */
export function parseLegacyIdentity(identity: string, created: string): LegacyIdentity | null {
  const cut = identity.lastIndexOf("|without:");
  if (cut >= 0) {
    const parent = identity.slice(0, cut);
    const of = parseLegacyIdentity(parent, created);
    return of && { ...of, without: { parent, symbol: identity.slice(cut + "|without:".length) } };
  }
  const parts = identity.split("|");
  const head = parts[0];
  if (head.startsWith("vmlinux:") && parts.length === 1) return { source: { kind: "vmlinux", sha256: head.slice(8) }, location: null, without: null };
  if (parts.length < 4) return null;
  if (head.startsWith("git:") && /^[0-9a-f]{40,64}$/.test(parts[1]))
    return { source: { kind: "git", commit: parts[1] }, location: head.slice(4), without: null };
  if (head.startsWith("tar:") && /^[0-9a-f]{64}$/.test(head.slice(4)))
    return { source: { kind: "tarball", sha256: head.slice(4) }, location: null, without: null };
  if (head.startsWith("dir:")) return { source: { kind: "directory", path: head.slice(4), at: parts[4] ?? created }, location: head.slice(4), without: null };
  return null;
}

/** The toolchains a stored version string may have come from: the defaults, and what its compiler's name says. */
export function toolchainCandidates(version: string): Toolchain[] {
  const first = version.split(/\s/)[0] ?? "";
  const cross = /^(.+-)(gcc|clang)$/.exec(first)?.[1] ?? "";
  const out: Toolchain[] = [];
  for (const cc of new Set(["", first === "gcc" || first === "clang" ? "" : first])) {
    for (const llvm of [false, true]) for (const crossCompile of new Set(["", cross])) out.push({ cc, llvm, crossCompile });
  }
  return out;
}

/**
 * The recipe of a `make` base (`tiny`, `def+mod`, `tiny+PRINTK=y+BUG=n`) named `name`, whose
 * hash is `hash`; null when the name does not say all of it (a .config file, a fragment) or no
 * candidate toolchain gives that hash.
 */
export function recoverRecipeFromName(name: string, arch: string, toolchain: string, hash: string, sha256: (t: string) => string): Recipe | null {
  const [spec, ...extras] = name.split("+");
  const mods = extras.filter((x) => x === "mod");
  const enable: string[] = [];
  const disable: string[] = [];
  for (const x of extras.filter((e) => e !== "mod")) {
    const m = /^([A-Za-z0-9_]+)=([yn])$/.exec(x);
    if (!m) return null;
    (m[2] === "y" ? enable : disable).push(m[1]);
  }
  for (const tc of toolchainCandidates(toolchain)) {
    let recipe: Recipe;
    try {
      recipe = parseRecipe({ spec: [spec, ...mods].join("+"), arch, toolchain: tc, fragments: [], enable, disable });
    } catch {
      return null;
    }
    if (recipe.name === name && computeRecipeHash(recipe, sha256) === hash) return recipe;
  }
  return null;
}

/** The recipe of an `options --exact` build: the parent's .config with one option off, checked against `hash`. */
export function recoverRecipeWithout(
  o: { name: string; parentId: number; parentConfig: string; symbol: string; arch: string; toolchain: string; hash: string },
  sha256: (t: string) => string,
): Recipe | null {
  for (const tc of toolchainCandidates(o.toolchain)) {
    const recipe: Recipe = {
      name: o.name,
      base: { kind: "file", path: `.config of build ${o.parentId}`, text: o.parentConfig },
      transforms: [{ kind: "disable", symbol: o.symbol }],
      arch: o.arch,
      toolchain: tc,
    };
    if (computeRecipeHash(recipe, sha256) === o.hash) return recipe;
  }
  return null;
}
