// Reads a kernel tree's Kconfig files for one architecture: hands the files the core's
// reader asks for (src/core/kconfig/parse-kconfig.ts), expanding globs in `source` paths.
// It reads the whole tree every time: read-kconfig-facts.ts keeps what the explainers use of it.

import { isAbsolute, join } from "node:path";
import { globToRegExp, isGlob } from "../core/kconfig/glob.js";
import type { KconfigReadResult } from "../core/kconfig/model.js";
import { type KconfigFile, type KconfigFileRequest, parseKconfig } from "../core/kconfig/parse-kconfig.js";
import { srcArch } from "../core/recipe.js";
import { Tracker } from "./tree-read-cache.js";

export interface ReadKconfigOptions {
  /** as given to make: x86_64, i386, arm64, … */
  arch: string;
  /** more variables for $(…): CC, LD, CC_VERSION_TEXT, … (they win over the derived ones) */
  env?: Record<string, string>;
  /** the top Kconfig file, relative to the tree */
  entry?: string;
}

/** The environment the kernel's Makefile gives its Kconfig tools, as far as it is not the toolchain's. */
export function kconfigEnv(sourceDir: string, options: ReadKconfigOptions, t = new Tracker()): Record<string, string> {
  const env: Record<string, string> = { ARCH: options.arch, SRCARCH: srcArch(options.arch), srctree: sourceDir };
  const version = readMakefileVersion(sourceDir, t);
  if (version) env.KERNELVERSION = version;
  return { ...env, ...options.env };
}

/** the top Makefile's KERNELVERSION (VERSION.PATCHLEVEL.SUBLEVEL EXTRAVERSION), if it has one */
function readMakefileVersion(sourceDir: string, t: Tracker): string | null {
  const text = t.readText(join(sourceDir, "Makefile"))?.slice(0, 4000);
  if (text === undefined) return null;
  const field = (k: string) => new RegExp(`^${k}[ \\t]*=[ \\t]*(\\S*)`, "m").exec(text)?.[1];
  const [v, p, s, x] = [field("VERSION"), field("PATCHLEVEL"), field("SUBLEVEL"), field("EXTRAVERSION")];
  if (!v || p === undefined) return null;
  return `${v}.${p}${s ? `.${s}` : ""}${x ?? ""}`;
}

/** The whole model of the tree's Kconfig files, as the kernel's conf_parse() makes it. */
export function readKconfigTree(sourceDir: string, options: ReadKconfigOptions, t = new Tracker()): KconfigReadResult {
  const reading = parseKconfig({ env: kconfigEnv(sourceDir, options, t), entry: options.entry });
  let step = reading.next();
  while (!step.done) step = reading.next(readRequested(sourceDir, step.value, t));
  return step.value;
}

function readRequested(sourceDir: string, req: KconfigFileRequest, t: Tracker): KconfigFile[] {
  const paths = req.glob ? expandGlob(sourceDir, req.path, t) : [req.path];
  const files: KconfigFile[] = [];
  for (const path of paths) {
    const text = t.readText(isAbsolute(path) ? path : join(sourceDir, path));
    if (text !== null) files.push({ path, text });
  }
  return files;
}

/** The files a `source` glob matches (`*`, `?`, `[…]` within one path segment), sorted. */
export function expandGlob(sourceDir: string, pattern: string, t = new Tracker()): string[] {
  const absolute = pattern.startsWith("/");
  let found = [absolute ? "/" : ""];
  for (const segment of pattern.split("/").filter(Boolean)) {
    const next: string[] = [];
    for (const dir of found) {
      if (!isGlob(segment)) {
        next.push(dir === "" ? segment : join(dir, segment));
        continue;
      }
      const re = globToRegExp(segment);
      const names = t.list(absolute ? dir : join(sourceDir, dir));
      if (names === null) continue;
      for (const name of names) if (re.test(name)) next.push(dir === "" ? name : join(dir, name));
    }
    found = next;
  }
  return found.filter((p) => t.exists(isAbsolute(p) ? p : join(sourceDir, p))).sort();
}
