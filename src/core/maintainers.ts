// The kernel's MAINTAINERS file, and which subsystem a source path belongs to, after the rules of
// scripts/get_maintainer.pl.
//
// Entries. A field line is `X:<whitespace>value` with X one capital letter at the very start of the
// line. Blank lines and `#` comment lines are skipped. Any other line is a title candidate; an entry
// is a title candidate directly followed by field lines, and it ends at the next non-field line. The
// documentation preamble indents its field examples with a tab, so it yields no entries.
//
// Patterns (F: and X:), as get_maintainer.pl compiles them: `.` is literal, `*` matches anything
// (slashes too), `?` one character, anything else is left as a regular expression (`[ch]`), and the
// pattern is anchored at the start of the path only.
//   - ending in `/`: a prefix match, so everything in and below that directory;
//   - otherwise: a prefix match that must also have as many slashes as the pattern, so
//     `drivers/net/*` covers drivers/net/x.c but not drivers/net/phy/x.c.
// get_maintainer.pl adds the missing `/` to patterns naming a directory that exists on disk. Without
// a tree to look at, a pattern with no `.`, wildcard or regex character (`drivers/gpu/drm/i915`,
// `Makefile`) is taken for a directory; those that are really files never match a .c or .S source.
//
// N: is an extended regex searched anywhere in the path (Perl's /x: unescaped whitespace and
// `#` comments outside a bracket class are dropped). K: matches file contents and is ignored.
//
// Specificity is get_maintainer.pl's pattern depth: the slashes in the matching F: pattern, plus one
// when it does not end in `/` (a file or file glob is one deeper than its directory), or -1 when it
// starts with `*` (THE REST's `*` and `*/`, so THE REST is always the last resort); an N: match
// counts 0. An entry with a matching X: pattern does not match at all. Two deliberate differences:
//   - get_maintainer.pl lets the last matching line of an entry set its depth, so an entry's N:
//     line resets its deeper F: match to 0; here the entry's deepest match counts
//     (drivers/clk/rockchip/ is ARM/Rockchip SoC support by its F: line, not COMMON CLK FRAMEWORK);
//   - where get_maintainer.pl leaves ties in hash order, the pattern with more literal characters
//     wins (lib/maple_tree.c beats lib/*), then the entry that comes first in the file.

export interface MaintainersEntry {
  name: string;
  files: string[];
  excludes: string[];
  regexes: string[];
  /** M:, R: and L: lines as written (`Name <address>`, a list's address and its note): whom a report goes to */
  maintainers: string[];
  reviewers: string[];
  lists: string[];
}

const FIELD = /^([A-Z]):\s*(.*)$/;
const SKIPPED = /^\s*(#.*)?$/;

export function parseMaintainers(text: string): MaintainersEntry[] {
  const entries: MaintainersEntry[] = [];
  let title: string | null = null;
  let current: MaintainersEntry | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (SKIPPED.test(line)) continue;
    const m = FIELD.exec(line);
    if (m === null) {
      title = line.trim();
      current = null;
      continue;
    }
    if (current === null) {
      if (title === null) continue; // field lines before any title belong to no entry
      current = { name: title, files: [], excludes: [], regexes: [], maintainers: [], reviewers: [], lists: [] };
      entries.push(current);
    }
    const value = m[2].trim();
    if (value === "") continue;
    if (m[1] === "F") current.files.push(value);
    else if (m[1] === "X") current.excludes.push(value);
    else if (m[1] === "N") current.regexes.push(value);
    else if (m[1] === "M") current.maintainers.push(value);
    else if (m[1] === "R") current.reviewers.push(value);
    else if (m[1] === "L") current.lists.push(value);
  }
  return entries;
}

interface CompiledPattern {
  entry: number;
  test: (path: string) => boolean;
  depth: number;
  /** tie-breaker: characters of the pattern that are not wildcards */
  literal: number;
}

interface Candidate {
  entry: number;
  depth: number;
  literal: number;
}

/** An F: glob or N: regex as MAINTAINERS has it, compiled when a path first reaches its node. */
interface RawPattern {
  entry: number;
  raw: string;
  regex: boolean;
}

/**
 * A node of the index: patterns whose literal directory prefix is the path from the root to here.
 * Most of MAINTAINERS' 25,000 patterns sit in nodes no object of a build reaches: they are never
 * compiled nor sorted.
 */
interface IndexNode {
  children: Map<string, IndexNode>;
  raw: RawPattern[];
  compiled: CompiledPattern[] | null;
}

const REGEX_CHARS = /[.*?[\]()+{}|^$\\]/;

function countSlashes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 47) n++;
  return n;
}

function compileRegex(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch {
    return new RegExp(source.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
  }
}

/** The pattern as get_maintainer.pl keeps it: directory patterns end in `/`. */
function normalizeFilePattern(raw: string): string {
  return raw.endsWith("/") || REGEX_CHARS.test(raw) ? raw : `${raw}/`;
}

/**
 * The text every match starts with. Only a glob (`*`, `?`, `[...]`) lets a prefix be told for sure;
 * with other regex syntax (`|`, `{0}`, ...) it is empty.
 */
function literalPrefix(pattern: string): string {
  if (/[()+{}|^$\\]/.test(pattern)) return "";
  const glob = pattern.search(/[*?[\]]/);
  return glob < 0 ? pattern : pattern.slice(0, glob);
}

function compileFilePattern(raw: string): (path: string) => boolean {
  const pattern = normalizeFilePattern(raw);
  const dir = pattern.endsWith("/");
  const slashes = countSlashes(pattern);
  const prefix = literalPrefix(pattern);
  const sameDepth = (path: string) => dir || countSlashes(path) === slashes;
  // most patterns are plain names: a prefix test, no regex to run
  if (prefix === pattern) return (path) => path.startsWith(prefix) && sameDepth(path);
  const re = compileRegex(`^${pattern.replace(/\./g, "\\.").replace(/\*/g, ".*").replace(/\?/g, ".")}`);
  return (path) => path.startsWith(prefix) && sameDepth(path) && re.test(path);
}

function filePatternDepth(raw: string): number {
  const pattern = normalizeFilePattern(raw);
  if (pattern.startsWith("*")) return -1;
  return countSlashes(pattern) + (pattern.endsWith("/") ? 0 : 1);
}

/** Perl's /x modifier: drop unescaped whitespace and `#` comments outside bracket classes. */
function stripExtendedRegex(source: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      out += source.slice(i, i + 2);
      i++;
    } else if (inClass) {
      if (c === "]") inClass = false;
      out += c;
    } else if (c === "[") {
      inClass = true;
      out += c;
    } else if (c === "#") {
      while (i + 1 < source.length && source[i + 1] !== "\n") i++;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

/** The leading components of a pattern that are plain names, i.e. directories a match must start with. */
function literalDirectories(pattern: string): string[] {
  const parts = pattern.split("/");
  parts.pop(); // the last part is a file name or glob, or "" after a trailing slash
  const dirs: string[] = [];
  for (const part of parts) {
    if (part === "" || REGEX_CHARS.test(part)) break;
    dirs.push(part);
  }
  return dirs;
}

function newNode(): IndexNode {
  return { children: new Map(), raw: [], compiled: null };
}

function insert(root: IndexNode, dirs: string[], p: RawPattern): void {
  let node = root;
  for (const dir of dirs) {
    let child = node.children.get(dir);
    if (child === undefined) {
      child = newNode();
      node.children.set(dir, child);
    }
    node = child;
  }
  node.raw.push(p);
}

function buildIndex(entries: MaintainersEntry[]): IndexNode {
  const root = newNode();
  entries.forEach((e, entry) => {
    for (const raw of e.files) insert(root, literalDirectories(normalizeFilePattern(raw)), { entry, raw, regex: false });
    for (const raw of e.regexes) insert(root, [], { entry, raw, regex: true });
  });
  return root;
}

function compilePattern({ entry, raw, regex }: RawPattern): CompiledPattern {
  if (!regex) return { entry, test: compileFilePattern(raw), depth: filePatternDepth(raw), literal: raw.replace(/[*?]/g, "").length };
  const re = compileRegex(stripExtendedRegex(raw));
  return { entry, test: (path) => re.test(path), depth: 0, literal: raw.length };
}

/** The node's patterns, compiled, most specific first (ties: the earlier entry). */
function patternsOf(node: IndexNode): CompiledPattern[] {
  node.compiled ??= node.raw.map(compilePattern).sort((a, b) => compareSpecificity(b, a) || a.entry - b.entry);
  return node.compiled;
}

/** Compares specificity only: positive when a is more specific than b, 0 on a tie. */
function compareSpecificity(a: Candidate, b: Candidate): number {
  return a.depth !== b.depth ? a.depth - b.depth : a.literal - b.literal;
}

function isBetter(a: Candidate, b: Candidate | null): boolean {
  if (b === null) return true;
  const cmp = compareSpecificity(a, b);
  return cmp !== 0 ? cmp > 0 : a.entry < b.entry;
}

/** Maps a source path, or an object path (see below), to the name of its most specific entry; null if none matches. */
export function createSubsystemMatcher(entries: MaintainersEntry[]): (path: string) => string | null {
  const root = buildIndex(entries);
  const excludeTests: ((path: string) => boolean)[][] = [];
  const excluded = (entry: number, path: string) => (excludeTests[entry] ??= entries[entry].excludes.map(compileFilePattern)).some((x) => x(path));

  // The nodes along the path hold every pattern that can match it. The deepest node goes first and
  // each node's patterns are in order of specificity, so the search stops early in most nodes and
  // root's N: regexes seldom run at all.
  function bestFor(path: string): Candidate | null {
    const dirs = path.split("/");
    const nodes = [root];
    for (let i = 0; i < dirs.length - 1; i++) {
      const child = nodes[i].children.get(dirs[i]);
      if (child === undefined) break;
      nodes.push(child);
    }
    let best: Candidate | null = null;
    for (let i = nodes.length - 1; i >= 0; i--) {
      for (const p of patternsOf(nodes[i])) {
        if (!isBetter(p, best)) break;
        if (p.test(path) && !excluded(p.entry, path)) {
          best = p;
          break;
        }
      }
    }
    return best;
  }

  // An object `dir/stem.o` is built from dir/stem.c or dir/stem.S: both are tried and the more
  // specific match wins, the .c one on a tie. Any other path is matched as it is.
  return (path) => {
    let best: Candidate | null;
    if (path.endsWith(".o")) {
      const stem = path.slice(0, -2);
      const c = bestFor(`${stem}.c`);
      const s = bestFor(`${stem}.S`);
      best = s !== null && (c === null || compareSpecificity(s, c) > 0) ? s : c;
    } else {
      best = bestFor(path);
    }
    return best === null ? null : entries[best.entry].name;
  };
}
