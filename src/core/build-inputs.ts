// Which files a build read, from kbuild's .*.cmd files, and whether a commit's changed paths
// can matter to vmlinux at all. Conservative: whatever is unsure is "relevant" and gets built.

/**
 * The source files one .cmd file names, as paths relative to the source tree: its `source_*`
 * and `deps_*` entries (what the compiler read), and every source-tree path on its command line
 * (`savedcmd_*`, `cmd_*` before 6.2), which is how a generator rule records what it read: the
 * syscall table `syscalltbl.sh` turns into `sys_call_table`, a script, a data file. A directory
 * there (`-I$(srctree)/include`) is a path no commit changes, and harmless.
 * `$(wildcard include/config/...)` entries are configuration, which reaches the build through
 * Kconfig files (always relevant), and are left out.
 */
export function parseCmdFileInputs(text: string, srcDir: string): string[] {
  const prefix = srcDir.endsWith("/") ? srcDir : `${srcDir}/`;
  const out: string[] = [];
  const add = (p: string) => {
    if (p.startsWith(prefix))
      out.push(p.slice(prefix.length)); // the source tree
    else if (!p.startsWith("/") && !p.startsWith("$(")) out.push(p.replace(/^\.\//, "")); // an in-tree build's sources, or generated files
    // other absolute paths are the toolchain's own headers
  };
  const onCommandLine = new RegExp(`${escapeRegExp(prefix)}[^\\s'"\\\\;:,()=]+`, "g");
  let inDeps = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const source = /^source_\S+ := (\S+)$/.exec(line);
    if (source) add(source[1]);
    if (/^(saved)?cmd_\S+ := /.test(line)) for (const m of line.matchAll(onCommandLine)) add(m[0]);
    if (/^deps_\S+ := \\$/.test(line)) {
      inDeps = true;
      continue;
    }
    if (inDeps) {
      if (line === "") {
        inDeps = false;
        continue;
      }
      const path = line.replace(/\\$/, "").trim();
      if (path && !path.startsWith("$(wildcard")) add(path);
    }
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export interface ChangedPath {
  /** git's status letter: A added, M modified, D deleted, ... */
  status: string;
  path: string;
}

const BUILD_STRUCTURE = /(^|\/)(Makefile[^/]*|Kbuild[^/]*|Kconfig[^/]*|[^/]*\.lds(\.S)?|[^/]*\.mk)$/;
const BUILD_TOOLING = /^(scripts|tools\/objtool|tools\/include|usr|arch\/[^/]+\/tools)\//;
const IRRELEVANT_TOP = new Set([
  "COPYING",
  "CREDITS",
  "README",
  "MAINTAINERS",
  ".mailmap",
  ".gitignore",
  ".clang-format",
  ".cocciconfig",
  ".get_maintainer.ignore",
  ".gitattributes",
  ".rustfmt.toml",
]);

/** Why a changed path can affect the build, or null when it cannot. */
export function computeRelevance(change: ChangedPath, inputs: Set<string>): string | null {
  const p = change.path;
  if (inputs.has(p)) return "read by the build";
  if (BUILD_STRUCTURE.test(p)) return "build structure (Makefile, Kbuild, Kconfig, linker script)";
  if (BUILD_TOOLING.test(p)) return "build tooling";
  if (!p.includes("/") && !IRRELEVANT_TOP.has(p)) return "top-level file";
  // a new header can shadow another one earlier in the include path
  if (change.status.startsWith("A") && /\.h$/.test(p)) return "new header";
  return null;
}

/** A commit can change vmlinux only if one of its changed paths is relevant. */
export function isCommitRelevant(changes: ChangedPath[], inputs: Set<string>): boolean {
  return changes.length === 0 || changes.some((c) => computeRelevance(c, inputs) !== null);
}

const CONFIG_STRUCTURE = /(^|\/)Kconfig[^/]*$|^(scripts|arch\/[^/]+\/tools)\/|(^|\/)configs\/|^arch\/[^/]+\/Makefile[^/]*$/;

/**
 * Whether a path can change what configuring the tree makes (make tinyconfig, defconfig,
 * olddefconfig): every Kconfig file, the fragments and defconfigs (kernel/configs,
 * arch/ARCH/configs), kconfig itself and the scripts its macros run (scripts/, arch/ARCH/tools/),
 * the arch Makefiles that config targets include, and the top-level files (the version is in the
 * Makefile).
 */
export function isConfigInput(path: string): boolean {
  if (!path.includes("/")) return !IRRELEVANT_TOP.has(path);
  return CONFIG_STRUCTURE.test(path);
}

/**
 * What configuring a git tree depends on, from its `git ls-files -s -z` (mode, blob, stage and
 * path in each NUL-ended entry): the entries of its config inputs, hashed. Equal digests, equal inputs.
 */
export function computeConfigInputsDigest(lsFiles: string, hash: (text: string) => string): string {
  const lines = lsFiles.split("\0").filter((line) => {
    const tab = line.indexOf("\t");
    return tab > 0 && isConfigInput(line.slice(tab + 1));
  });
  return hash(lines.join("\n"));
}
