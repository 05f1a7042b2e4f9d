// Reads a kernel tree's Kconfig files for one architecture: hands the files the core's
// reader asks for (src/core/kconfig/parse-kconfig.ts), expanding globs in `source` paths.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { globToRegExp, isGlob } from "../core/kconfig/glob.js";
import type { KconfigReadResult } from "../core/kconfig/model.js";
import { type KconfigFile, type KconfigFileRequest, parseKconfig } from "../core/kconfig/parse-kconfig.js";
import { srcArch } from "../core/recipe.js";

export interface ReadKconfigOptions {
  /** as given to make: x86_64, i386, arm64, … */
  arch: string;
  /** more variables for $(…): CC, LD, CC_VERSION_TEXT, … (they win over the derived ones) */
  env?: Record<string, string>;
  /** the top Kconfig file, relative to the tree */
  entry?: string;
}

/** The environment the kernel's Makefile gives its Kconfig tools, as far as it is not the toolchain's. */
export function kconfigEnv(sourceDir: string, options: ReadKconfigOptions): Record<string, string> {
  const env: Record<string, string> = { ARCH: options.arch, SRCARCH: srcArch(options.arch), srctree: sourceDir };
  const version = readMakefileVersion(sourceDir);
  if (version) env.KERNELVERSION = version;
  return { ...env, ...options.env };
}

/** the top Makefile's KERNELVERSION (VERSION.PATCHLEVEL.SUBLEVEL EXTRAVERSION), if it has one */
function readMakefileVersion(sourceDir: string): string | null {
  let text: string;
  try {
    text = readFileSync(join(sourceDir, "Makefile"), "utf8").slice(0, 4000);
  } catch {
    return null;
  }
  const field = (k: string) => new RegExp(`^${k}[ \\t]*=[ \\t]*(\\S*)`, "m").exec(text)?.[1];
  const [v, p, s, x] = [field("VERSION"), field("PATCHLEVEL"), field("SUBLEVEL"), field("EXTRAVERSION")];
  if (!v || p === undefined) return null;
  return `${v}.${p}${s ? `.${s}` : ""}${x ?? ""}`;
}

export function readKconfigTree(sourceDir: string, options: ReadKconfigOptions): KconfigReadResult {
  const reading = parseKconfig({ env: kconfigEnv(sourceDir, options), entry: options.entry });
  let step = reading.next();
  while (!step.done) step = reading.next(readRequested(sourceDir, step.value));
  return step.value;
}

function readRequested(sourceDir: string, req: KconfigFileRequest): KconfigFile[] {
  const paths = req.glob ? expandGlob(sourceDir, req.path) : [req.path];
  const files: KconfigFile[] = [];
  for (const path of paths) {
    try {
      files.push({ path, text: readFileSync(isAbsolute(path) ? path : join(sourceDir, path), "utf8") });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT" && (e as NodeJS.ErrnoException).code !== "EISDIR") throw e;
    }
  }
  return files;
}

/** The files a `source` glob matches (`*`, `?`, `[…]` within one path segment), sorted. */
export function expandGlob(sourceDir: string, pattern: string): string[] {
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
      let names: string[] = [];
      try {
        names = readdirSync(absolute ? dir : join(sourceDir, dir));
      } catch {
        continue;
      }
      for (const name of names) if (re.test(name)) next.push(dir === "" ? name : join(dir, name));
    }
    found = next;
  }
  return found.filter((p) => existsSync(isAbsolute(p) ? p : join(sourceDir, p))).sort();
}
