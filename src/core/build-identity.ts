// A Build's identity: what was built (the source's own identity, never where it lies on disk),
// how (the recipe as data) and with what (the toolchain's version strings). Two machines that
// build the same commit with the same recipe and toolchain compute the same identity, whatever
// their paths, so a Build stored by one is found, not rebuilt, by the other.

import { canonicalRecipe, type Recipe } from "./recipe.js";

/** What a kernel tree is, independent of where it is. */
export type SourceIdentity =
  /** a git commit: its id names its whole tree */
  | { kind: "git"; commit: string }
  /** a release tarball: the SHA-256 of the file */
  | { kind: "tarball"; sha256: string }
  /** a plain directory: its contents can change, so each build of it is its own (path and time) */
  | { kind: "directory"; path: string; at: string }
  /** a vmlinux measured by hand: the SHA-256 of the file */
  | { kind: "vmlinux"; sha256: string };

export type SourceKind = SourceIdentity["kind"];

/** The source identity as one word: `git:<commit>`, `tar:<sha256>`, `dir:<path>@<time>`, `vmlinux:<sha256>`. */
export function formatSourceKey(s: SourceIdentity): string {
  switch (s.kind) {
    case "git":
      return `git:${s.commit}`;
    case "tarball":
      return `tar:${s.sha256}`;
    case "directory":
      return `dir:${s.path}@${s.at}`;
    case "vmlinux":
      return `vmlinux:${s.sha256}`;
  }
}

/** The id a source identity is stored under (beside its kind). */
export function sourceIdOf(s: SourceIdentity): string {
  switch (s.kind) {
    case "git":
      return s.commit;
    case "tarball":
    case "vmlinux":
      return s.sha256;
    case "directory":
      return `${s.path}@${s.at}`;
  }
}

/** The stored kind and id back as a source identity; null for a kind this kbloat does not know. */
export function parseSourceIdentity(kind: string, id: string): SourceIdentity | null {
  switch (kind) {
    case "git":
      return { kind, commit: id };
    case "tarball":
    case "vmlinux":
      return { kind, sha256: id };
    case "directory": {
      const at = id.lastIndexOf("@");
      return at < 0 ? null : { kind, path: id.slice(0, at), at: id.slice(at + 1) };
    }
    default:
      return null;
  }
}

/** The recipe's share of an identity: 16 hex digits of the hash of its canonical form. */
export function computeRecipeHash(recipe: Recipe, sha256: (text: string) => string): string {
  return sha256(canonicalRecipe(recipe)).slice(0, 16);
}

/**
 * The one place a Build's identity is made: `<source key>|<recipe hash>|<toolchain>`. The hash
 * function is passed in so that this stays pure; every caller passes SHA-256 (hex).
 */
export function computeBuildIdentity(source: SourceIdentity, recipe: Recipe, toolchain: string, sha256: (text: string) => string): string {
  return `${formatSourceKey(source)}|${computeRecipeHash(recipe, sha256)}|${toolchain}`;
}
