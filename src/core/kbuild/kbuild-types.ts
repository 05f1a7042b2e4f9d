// What the Kbuild reader finds: every object kbuild would put into vmlinux for one configuration,
// with the chain of conditions that brings it in.

/** A line of a kbuild Makefile, srctree-relative path and 1-based line number. */
export interface SourceRef {
  file: string;
  line: number;
  /** the logical line as written (continuations joined, comment removed) */
  text: string;
}

/**
 * One link of a chain. A `config` link is a CONFIG_ symbol that a Makefile tested or used in a
 * variable name (`obj-$(CONFIG_X)`, `ifdef CONFIG_X`, `ifeq ($(CONFIG_X),y)`); `enabled` says
 * whether the object is in because the symbol is set (true) or because it is not (false, as under
 * `ifndef CONFIG_X` or `ifneq ($(CONFIG_X),y)` with X unset). An `unevaluated` link is a
 * conditional block the reader could not decide, whose contents it kept to be safe.
 */
export type KbuildCondition = ConfigCondition | UnevaluatedCondition;

export interface ConfigCondition extends SourceRef {
  kind: "config";
  /** the Kconfig symbol, without the CONFIG_ prefix */
  symbol: string;
  /** its value in this build's configuration ("y", "m", a number or string, "" when not set) */
  value: string;
  enabled: boolean;
}

export interface UnevaluatedCondition extends SourceRef {
  kind: "unevaluated";
}

/**
 * Where an object's bytes are collected: a directory's built-in.a (`obj`), a `libs-y` directory's
 * lib.a (`lib`), or, before 6.1, the arch Makefile's head-y, linked first as an object of its own (`head`).
 */
export type KbuildObjectKind = "obj" | "lib" | "head";

export interface KbuildObject {
  /** srctree-relative, as the link map names it: `kernel/fork.o` */
  path: string;
  kind: KbuildObjectKind;
  /** outermost first: the conditions under which each directory above includes the next, then the object's own */
  chain: KbuildCondition[];
  /** the Makefile line that lists the object */
  listed: SourceRef;
  /** for a composite object (`foo-y := a.o b.o`), its parts, which are objects of their own */
  parts?: string[];
  /** for a part of a composite object, that object */
  composite?: string;
}

export interface KbuildDirectory {
  /** srctree-relative, "." for the top */
  path: string;
  /** the Kbuild or Makefile that was read for it, null when there was none */
  file: string | null;
  chain: KbuildCondition[];
}

export interface KbuildProblem {
  file: string;
  line: number;
  message: string;
}

export interface KbuildTree {
  /** by path */
  objects: KbuildObject[];
  directories: KbuildDirectory[];
  /** conditional blocks the reader could not evaluate that hold object lists or reach an object's chain */
  unevaluated: SourceRef[];
  /** the other blocks it could not evaluate: they set only flags and the like, and no object depends on them */
  unevaluatedWithoutObjects: SourceRef[];
  problems: KbuildProblem[];
  /** how many files were read (Makefiles, Kbuild files and their includes) */
  filesRead: number;
}

export interface KbuildTreeOptions {
  /** the kernel's SRCARCH: "x86" for ARCH=x86_64 */
  srcarch: string;
  /** the ARCH given to make; SRCARCH when not given */
  arch?: string;
  /** the build's configuration: symbol without CONFIG_ → value as .config writes it (`y`, `m`, `"str"`, `64`) */
  config: ReadonlyMap<string, string>;
}

/** A request for files (srctree-relative) and the answer: contents, or null for a file that does not exist. */
export type KbuildFiles = ReadonlyMap<string, string | null>;
