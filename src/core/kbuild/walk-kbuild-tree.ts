// The whole Kbuild reader: the top Makefile and the arch Makefile give the lists kbuild starts from
// (core-y, libs-y, drivers-y, ...), the root Kbuild descends into them, and each directory whose
// condition holds is read in turn, one level of the tree per request for files.

import { collectDirectory, type DirectoryContents, joinPath } from "./kbuild-directory.js";
import type { KbuildCondition, KbuildDirectory, KbuildFiles, KbuildObject, KbuildTree, KbuildTreeOptions, SourceRef } from "./kbuild-types.js";
import { type EvalState, evaluateStatements, type FileRequests, loadMakefile, newSharedState, type SharedState } from "./make-evaluate.js";
import { lookup } from "./make-expand.js";
import { copyVariables, type Scope, type Variable } from "./make-scope.js";
import { literal, splitWords } from "./make-words.js";

const BUILTIN: SourceRef = { file: "(kbuild)", line: 0, text: "" };

function simple(text: string): Variable {
  return { flavor: "simple", chunks: [{ raw: text, pieces: literal(text), conds: [] }] };
}

/** What make is told on its command line for an in-tree `make vmlinux` (the tree's own paths are relative). */
function commandLine(o: KbuildTreeOptions): Record<string, string> {
  return { srctree: ".", objtree: ".", SRCARCH: o.srcarch, ARCH: o.arch ?? o.srcarch, KBUILD_EXTMOD: "" };
}

/** Kbuild.include's helpers that kbuild files use for text. */
const HELPERS: Record<string, string> = { comma: ",", empty: "", space: " ", squote: "'", pound: "#" };

function variables(values: Record<string, string>): Map<string, Variable> {
  return new Map(Object.entries(values).map(([k, v]) => [k, simple(v)]));
}

/** Set by scripts/Makefile.build before it includes a directory's kbuild file. */
const DIRECTORY_LISTS = ["obj-y", "obj-m", "lib-y", "lib-m", "always-y", "always-m", "targets", "subdir-y", "subdir-m", "ccflags-y", "asflags-y"];

interface TopLevel {
  env: Map<string, Variable>;
  scope: Scope;
  /** the directories whose lib.a vmlinux links: libs-y's `dir/` and `$(objtree)/dir/lib.a` words */
  libDirs: Map<string, Pending>;
  /** the arch Makefile's head-y objects (before 6.1) */
  head: KbuildObject[];
}

/** The top Makefile (which includes the arch Makefile), as the second-stage make of `make vmlinux` reads it. */
function* readTopLevel(o: KbuildTreeOptions, shared: SharedState): FileRequests<TopLevel> {
  // the final make of `make vmlinux`, the one that reads the whole top Makefile, sees these
  const final = {
    ...commandLine(o),
    sub_make_done: "1",
    MAKECMDGOALS: "vmlinux",
    MAKEFLAGS: "-rR --no-print-directory",
    CURDIR: ".",
    abs_objtree: ".",
    abs_srctree: ".",
  };
  const vars = variables(final);
  const state: EvalState = { vars, config: o.config, exported: new Set(), pinned: new Set(Object.keys(final)), shared };
  const top = yield* loadMakefile("Makefile", shared);
  if (top === null) shared.problems.push({ file: "Makefile", line: 0, message: "the source tree has no top Makefile" });
  else yield* evaluateStatements(top.statements, state, []);
  const env = variables({ ...HELPERS, ...commandLine(o) });
  for (const name of state.exported) {
    const v = vars.get(name);
    if (v !== undefined) env.set(name, v);
  }
  const scope: Scope = { vars, config: o.config, at: BUILTIN, locals: null, expanding: new Set() };
  const libDirs = new Map<string, Pending>();
  for (const w of splitWords(lookup("libs-y", scope))) {
    const dir = /^(.*)\/(lib\.a)?$/.exec(w.text)?.[1];
    const path = dir === undefined ? null : joinPath(".", dir);
    if (path !== null && !libDirs.has(path)) libDirs.set(path, { path, chain: w.conds, listed: w.at ?? null, libOnly: true });
  }
  return { env, scope, libDirs, head: headObjects(scope) };
}

/**
 * Before 6.1 the arch Makefile named the objects that start vmlinux in head-y
 * (`head-y := arch/x86/kernel/head_$(BITS).o`): srctree-relative paths that the top Makefile puts
 * first in KBUILD_VMLINUX_OBJS, linked as objects of their own, not through a built-in.a (their
 * directory builds them as extra-y). Since 6.1 they are obj-y, ordered by scripts/head-object-list.txt.
 */
function headObjects(scope: Scope): KbuildObject[] {
  const out: KbuildObject[] = [];
  for (const w of splitWords(lookup("head-y", scope))) {
    const path = w.text === "" ? null : joinPath(".", w.text);
    if (path === null || out.some((o) => o.path === path)) continue;
    const unknown: KbuildCondition[] = w.unknown ? [{ kind: "unevaluated", ...(w.at ?? BUILTIN) }] : [];
    out.push({ path, kind: "head", chain: [...w.conds, ...unknown], listed: w.at ?? BUILTIN });
  }
  return out;
}

interface Pending {
  path: string;
  chain: readonly KbuildCondition[];
  listed: SourceRef | null;
  /** reached only as a libs-y directory, not through obj-y: its built-in.a is not linked */
  libOnly?: boolean;
}

const kbuildFileOf = (dir: string) => (dir === "." ? "Kbuild" : `${dir}/Kbuild`);
const makefileOf = (dir: string) => (dir === "." ? "Makefile" : `${dir}/Makefile`);

/** One directory: its Kbuild file (or Makefile) run in a fresh make, as scripts/Makefile.build does. */
function* readDirectory(
  d: Pending,
  top: TopLevel,
  o: KbuildTreeOptions,
  shared: SharedState,
  got: KbuildFiles,
): FileRequests<{ file: string; contents: DirectoryContents } | null> {
  let file = kbuildFileOf(d.path);
  let parsed = yield* loadMakefile(file, shared, got);
  if (parsed === null && d.path !== ".") {
    file = makefileOf(d.path);
    parsed = yield* loadMakefile(file, shared, got);
  }
  if (parsed === null) return null;
  const vars = copyVariables(top.env);
  for (const name of ["obj", "src"]) vars.set(name, simple(d.path));
  for (const name of DIRECTORY_LISTS) vars.set(name, simple(""));
  const pinned = new Set(["obj", "src", ...Object.keys(commandLine(o))]);
  const state: EvalState = { vars, config: o.config, exported: new Set(), pinned, shared };
  yield* evaluateStatements(parsed.statements, state, []);
  const scope: Scope = { vars, config: o.config, at: { file, line: 0, text: "" }, locals: null, expanding: new Set() };
  return { file, contents: collectDirectory(d.path, scope, d.chain, { builtIn: d.libOnly !== true, lib: top.libDirs.has(d.path) }) };
}

/**
 * Where a tree without a root Kbuild that descends (kernels before 5.x) starts: the top Makefile's
 * init-y, core-y, drivers-y, net-y, libs-y and virt-y directories.
 */
function legacyRoots(top: TopLevel): Pending[] {
  const words = ["init-y", "core-y", "drivers-y", "net-y", "libs-y", "virt-y"].flatMap((v) => splitWords(lookup(v, top.scope)));
  return words.filter((w) => w.text.endsWith("/")).map((w) => ({ path: joinPath(".", w.text.slice(0, -1)) ?? ".", chain: w.conds, listed: w.at ?? null }));
}

export function* walkKbuildTree(o: KbuildTreeOptions): FileRequests<KbuildTree> {
  const shared = newSharedState();
  const top = yield* readTopLevel(o, shared);
  const objects = new Map<string, KbuildObject>(top.head.map((o) => [o.path, o]));
  const directories: KbuildDirectory[] = [];
  const seen = new Set<string>();
  let level: Pending[] = [{ path: ".", chain: [], listed: null }];
  while (level.length > 0) {
    const want = level.flatMap((d) => [kbuildFileOf(d.path), makefileOf(d.path)]).filter((p) => !shared.parsed.has(p));
    const got: KbuildFiles = want.length ? yield want : new Map();
    const next: Pending[] = [];
    for (const d of level) {
      if (seen.has(d.path)) continue;
      seen.add(d.path);
      const r = yield* readDirectory(d, top, o, shared, got);
      directories.push({ path: d.path, file: r?.file ?? null, chain: [...d.chain] });
      if (r === null) {
        if (d.listed) shared.problems.push({ file: d.listed.file, line: d.listed.line, message: `${d.path}/ has no Kbuild file or Makefile` });
        continue;
      }
      for (const obj of r.contents.objects) if (!objects.has(obj.path)) objects.set(obj.path, obj);
      for (const at of r.contents.unknown) shared.unevaluable.set(`${at.file}:${at.line}`, { ref: at, relevant: true });
      next.push(...r.contents.subdirs);
    }
    if (isBareRoot(level, next)) next.push(...legacyRoots(top));
    // last, the libs-y directories that obj-y does not reach (arm64's EFI stub library)
    level = next.length ? next : [...top.libDirs.values()].filter((d) => !seen.has(d.path));
  }
  return finish(objects, directories, shared);
}

/** The root level gave no directory to descend into: an old tree whose top Makefile lists them. */
function isBareRoot(level: Pending[], next: Pending[]): boolean {
  return level.length === 1 && level[0].path === "." && next.length === 0;
}

function finish(objects: Map<string, KbuildObject>, directories: KbuildDirectory[], shared: SharedState): KbuildTree {
  const unevaluated = new Map<string, SourceRef>();
  for (const { ref, relevant } of shared.unevaluable.values()) if (relevant) unevaluated.set(`${ref.file}:${ref.line}`, ref);
  for (const chain of [...[...objects.values()].map((x) => x.chain), ...directories.map((x) => x.chain)]) {
    for (const c of chain) if (c.kind === "unevaluated") unevaluated.set(`${c.file}:${c.line}`, { file: c.file, line: c.line, text: c.text });
  }
  const others = [...shared.unevaluable.values()].filter((u) => !unevaluated.has(`${u.ref.file}:${u.ref.line}`)).map((u) => u.ref);
  const byPlace = (a: SourceRef, b: SourceRef) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line);
  return {
    objects: [...objects.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    directories,
    unevaluated: [...unevaluated.values()].sort(byPlace),
    unevaluatedWithoutObjects: others.sort(byPlace),
    problems: [...new Map(shared.problems.map((p) => [`${p.file}:${p.line}: ${p.message}`, p])).values()],
    filesRead: shared.filesRead,
  };
}

/** The reader on files already in hand (a missing path reads as a file that does not exist). */
export function parseKbuildTree(files: KbuildFiles, o: KbuildTreeOptions): KbuildTree {
  const walk = walkKbuildTree(o);
  let step = walk.next();
  while (!step.done) {
    const answer = new Map<string, string | null>();
    for (const path of step.value) answer.set(path, files.get(path) ?? null);
    step = walk.next(answer);
  }
  return step.value;
}
