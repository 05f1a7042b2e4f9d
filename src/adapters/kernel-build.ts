// Runs the kernel's own build: configure (base + transforms + olddefconfig), then
// `make vmlinux <boot image>` out of tree, with a linker wrapper that writes the link map.

import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { bootImage, buildsModules, type Recipe } from "../core/recipe.js";
import { formatBytes } from "../core/format-size.js";
import { BuildLog } from "./build-log.js";
import { readConfiguredKey, removeConfigureStamp, writeConfigureStamp } from "./configure-stamp.js";
import { findLinkMap } from "./locate-build-tree.js";
import { preparePatchedSource } from "./patched-source.js";
import { UserError } from "../core/user-error.js";
import type { FailedStep } from "../app/build-record.js";

export type BuildPhase = "configure" | "compile" | "link";

export interface BuildProgress {
  phase: BuildPhase;
  /** objects compiled so far (CC and AS lines of kbuild's output) */
  compiled: number;
  /** the file being built now */
  current: string;
}

export type KernelBuildResult =
  | { ok: true; config: string; vmlinux: string; image: string | null; linkMap: string | null; compiled: number; srcDir: string }
  | { ok: false; step: FailedStep; cause: string; logTail: string; compiled: number };

const PINNED_ENV = {
  KBUILD_BUILD_TIMESTAMP: "Thu Jan  1 00:00:00 UTC 1970",
  KBUILD_BUILD_USER: "kbloat",
  KBUILD_BUILD_HOST: "kbloat",
  KBUILD_BUILD_VERSION: "1",
  // scripts/setlocalversion asks git about the source tree and puts what it says in the release
  // string, so in linux_banner: "+" or "-g<hash>" from a git checkout, nothing from a tarball or
  // an extracted revision. A Build is its source identity, recipe and toolchain, wherever the
  // tree lies: make's git sees no repository
  GIT_DIR: "/nonexistent/kbloat-builds-do-not-read-git",
};

/** A linker that behaves exactly like the real one, and also writes a map when it links vmlinux. */
const LD_WRAPPER = `#!/bin/sh
# kbloat: run the real linker; when linking vmlinux (or vmlinux.o, which the final link takes
# under IBT or clang LTO) also write its link map (-Map), which changes nothing in the output and
# tells which object put which bytes where.
out=; prev=
for a do
  [ "$prev" = "-o" ] && out=$a
  prev=$a
done
case "$out" in
  vmlinux|vmlinux.unstripped|vmlinux.o) exec $KBLOAT_REAL_LD "$@" "-Map=$out.map" ;;
esac
exec $KBLOAT_REAL_LD "$@"
`;

export function installLdWrapper(cache: string): string {
  const path = join(cache, "bin", "kbloat-ld");
  if (!existsSync(path) || readFileSync(path, "utf8") !== LD_WRAPPER) {
    mkdirSync(join(cache, "bin"), { recursive: true });
    writeFileSync(path, LD_WRAPPER);
    chmodSync(path, 0o755);
  }
  return path;
}

export interface KernelBuildOptions {
  srcDir: string;
  outDir: string;
  recipe: Recipe;
  cache: string;
  useCcache: boolean;
  jobs?: number;
  /**
   * What this build's configuration depends on (recipe, toolchain, the tree's config inputs),
   * when known: a build tree configured for the same key, its .config untouched, is not configured again
   */
  configKey?: string | null;
  onProgress: (p: BuildProgress) => void;
  /** hears the process group of each make started (null when it ends) */
  onMakeGroup?: (pid: number | null) => void;
}

/** make's variables for this recipe: ARCH, the toolchain, and our linker wrapper. */
export function makeVariables(o: Pick<KernelBuildOptions, "recipe" | "useCcache">, ldWrapper: string): { args: string[]; realLd: string } {
  const t = o.recipe.toolchain;
  const args = [`ARCH=${o.recipe.arch}`];
  if (t.crossCompile) args.push(`CROSS_COMPILE=${t.crossCompile}`);
  if (t.llvm) args.push("LLVM=1");
  const cc = t.cc || (t.llvm ? "clang" : `${t.crossCompile}gcc`);
  if (o.useCcache || t.cc) args.push(`CC=${o.useCcache ? `ccache ${cc}` : cc}`);
  const realLd = t.llvm ? "ld.lld" : `${t.crossCompile}ld`;
  args.push(`LD=${ldWrapper}`);
  return { args, realLd };
}

/**
 * A vmlinux.o linked before kbloat's wrapper mapped it (an older kbloat, a plain make) has no map:
 * removing it makes make link it again, through the wrapper, so the next measurement has objects.
 */
function dropUnmappedRelocatable(outDir: string): void {
  const relocatable = join(outDir, "vmlinux.o");
  if (existsSync(relocatable) && !existsSync(`${relocatable}.map`)) rmSync(relocatable);
}

export async function runKernelBuild(o: KernelBuildOptions): Promise<KernelBuildResult> {
  mkdirSync(o.outDir, { recursive: true });
  const log = new BuildLog(join(o.outDir, "kbloat-build.log"));
  const { args, realLd } = makeVariables(o, installLdWrapper(o.cache));
  const env = { ...process.env, ...PINNED_ENV, KBLOAT_REAL_LD: realLd };
  const state = { compiled: 0 };
  // a recipe that patches the source builds from a patched copy next to the build tree
  const patches = o.recipe.transforms.flatMap((t) => (t.kind === "patch" ? [t] : []));
  const srcDir = patches.length ? `${o.outDir}.src` : o.srcDir;
  if (patches.length) {
    const refused = preparePatchedSource(o.srcDir, srcDir, patches, (text) => log.append(text));
    if (refused) return failure("configure", refused, log, 0, o.outDir);
  }
  const make = (targets: string[], phase: BuildPhase, state: { compiled: number }) =>
    runMake(srcDir, [`O=${o.outDir}`, ...args, ...targets], env, log, phase, state, o.onProgress, o.onMakeGroup);
  const config = join(o.outDir, ".config");
  const r = o.recipe;
  const configure = async (): Promise<string | null> => {
    if (r.base.kind === "make") {
      if (!(await make([r.base.target], "configure", state))) return `make ${r.base.target} failed`;
    } else writeFileSync(config, r.base.text);
    for (const t of r.transforms) {
      if (t.kind === "yes2modconfig" && !(await make(["yes2modconfig"], "configure", state))) return "make yes2modconfig failed";
      if (t.kind === "fragment") appendFileSync(config, `\n${t.text}\n`);
      if (t.kind === "enable" || t.kind === "disable" || t.kind === "module") {
        appendFileSync(config, t.kind === "disable" ? `\n# CONFIG_${t.symbol} is not set\n` : `\nCONFIG_${t.symbol}=${t.kind === "module" ? "m" : "y"}\n`);
        if (!(await make(["olddefconfig"], "configure", state))) return "make olddefconfig failed";
      }
    }
    if (!(await make(["olddefconfig"], "configure", state))) return "make olddefconfig failed";
    return checkRequestedSymbols(r, readFileSync(config, "utf8"), srcDir);
  };
  const kept = !!o.configKey && readConfiguredKey(o.outDir) === o.configKey;
  if (kept) log.append("kbloat: recipe, toolchain and the tree's config inputs are those of this tree's last configure: its .config is kept\n");
  else {
    removeConfigureStamp(o.outDir);
    const cfgError = await configure().catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOSPC" && e.code !== "EDQUOT") throw e;
      log.append(`${e.message}\n`);
      return "writing .config failed";
    });
    if (cfgError) return failure("configure", cfgError, log, state.compiled, o.outDir);
    if (o.configKey) writeConfigureStamp(o.outDir, o.configKey);
  }
  const image = bootImage(r.arch);
  const jobs = String(o.jobs ?? cpus().length);
  dropUnmappedRelocatable(o.outDir);
  const modules = buildsModules(r);
  const ok = await make([`-j${jobs}`, "vmlinux", ...(image ? [image.target] : []), ...(modules ? ["modules"] : [])], "compile", state);
  // the step comes from this run's log: an incremental tree has an old vmlinux lying around
  if (!ok) return failure(sawLink(log) ? "link" : "compile", `make vmlinux${modules ? " modules" : ""} failed`, log, state.compiled, o.outDir);
  const mapPath = findLinkMap(join(o.outDir, "vmlinux"), o.outDir);
  return {
    ok: true,
    config: readFileSync(config, "utf8"),
    vmlinux: join(o.outDir, "vmlinux"),
    image: image && existsSync(join(o.outDir, image.path)) ? join(o.outDir, image.path) : null,
    linkMap: mapPath,
    compiled: state.compiled,
    srcDir,
  };
}

/** --enable/--disable that the kernel's configuration did not take are errors, not silent no-ops. */
async function checkRequestedSymbols(r: Recipe, config: string, srcDir: string): Promise<string | null> {
  for (const t of r.transforms) {
    if (t.kind !== "enable" && t.kind !== "disable" && t.kind !== "module") continue;
    const set = new RegExp(`^CONFIG_${t.symbol}=(.*)$`, "m").exec(config)?.[1];
    const listed = set !== undefined || config.includes(`# CONFIG_${t.symbol} is not set`);
    if (!listed && !(await kconfigDefines(srcDir, t.symbol))) {
      throw new UserError(
        `unknown Kconfig symbol ${t.symbol}: no Kconfig file of this tree defines it`,
        `check the name with: grep -rn 'config ${t.symbol}' --include='Kconfig*' .`,
      );
    }
    if (t.kind === "enable" && set !== "y" && set !== "m")
      return `CONFIG_${t.symbol} could not be enabled: its dependencies are not met (olddefconfig turned it off)`;
    if (t.kind === "module" && set !== "m") {
      const why = set === "y" ? "another option selects it, or it is a bool" : "its dependencies are not met, or modules are off";
      return `CONFIG_${t.symbol} could not be set to m: ${why} (olddefconfig made it ${set ?? "n"})`;
    }
    if (t.kind === "disable" && set !== undefined && set !== "n") return `CONFIG_${t.symbol} could not be disabled: it is selected by another option`;
  }
  return null;
}

/** the quiet_cmd_* tags of a kbuild log line, as in `  CC      init/main.o` */
const KBUILD_TAGS = [
  ...["CC", "AS", "CC \\[M\\]", "LD", "AR", "GEN", "LDS", "HOSTCC", "HOSTLD", "OBJCOPY", "BUILD", "CPP", "VDSO\\w*", "SYSTBL", "SYSHDR", "MKELF"],
  ...["RELOCS", "ZOFFSET", "VOFFSET", "LZMA", "GZIP", "XZKERN", "ZSTD22", "KSYMS", "SORTTAB", "MODPOST", "UPD", "WRAP", "CHKSHA1", "POLICY"],
];
const KBUILD_LINE = new RegExp(`^\\s+(${KBUILD_TAGS.join("|")})\\s+(\\S+)`);

async function runMake(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  log: BuildLog,
  phase: BuildPhase,
  state: { compiled: number },
  onProgress: (p: BuildProgress) => void,
  onMakeGroup?: (pid: number | null) => void,
): Promise<boolean> {
  log.append(`$ make ${args.join(" ")}\n`);
  // make leads a process group of its own, so that all of it can be stopped together
  const child = execa("make", args, { cwd, env, all: true, reject: false, buffer: false, stdin: "ignore", detached: true, cleanup: false });
  if (child.pid) {
    runningGroups.add(child.pid);
    onMakeGroup?.(child.pid);
  }
  let current = phase;
  let pending = "";
  child.all?.on("data", (chunk: Buffer) => {
    log.append(chunk);
    const lines = (pending + chunk.toString("utf8")).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const m = KBUILD_LINE.exec(line);
      if (!m) continue;
      if (m[1] === "CC" || m[1] === "AS") state.compiled++;
      if (m[1] === "LD" && /(^|\/)(vmlinux(\.o|\.a)?|\.tmp_vmlinux\S*)$/.test(m[2]) && !m[2].includes("/")) current = "link";
      onProgress({ phase: current, compiled: state.compiled, current: m[2] });
    }
  });
  const r = await child;
  if (child.pid) runningGroups.delete(child.pid);
  onMakeGroup?.(null);
  if (r.exitCode === null && r.signal) {
    throw new UserError(
      `make was stopped by ${r.signal} from outside kbloat: nothing of this build is stored`,
      "run the same command again; make picks up where it stopped",
    );
  }
  return r.exitCode === 0;
}

/** make's process groups still running: stopped when kbloat exits (Ctrl-C, SIGTERM, an error) */
const runningGroups = new Set<number>();
process.on("exit", () => {
  for (const group of runningGroups) {
    try {
      process.kill(-group, "SIGTERM");
    } catch {}
  }
});

/** Whether any Kconfig file of the tree has `config SYMBOL` or `menuconfig SYMBOL`. */
async function kconfigDefines(srcDir: string, symbol: string): Promise<boolean> {
  const r = await execa("grep", ["-rqE", "--include=Kconfig*", `^[[:space:]]*(menu)?config[[:space:]]+${symbol}[[:space:]]*$`, srcDir], { reject: false });
  return r.exitCode === 0;
}

function sawLink(log: BuildLog): boolean {
  return /^\s+LD\s+(vmlinux\.o|vmlinux|\.tmp_vmlinux\S*)$/m.test(log.text());
}

const DISK_FULL = /No space left on device|Disk quota exceeded/;
/** Below this much free space after a failed build, the disk is taken to be the cause even when no tool said so. */
const NEARLY_FULL_BYTES = 8 * 1024 * 1024;

/** Free bytes on the disk holding dir, for an unprivileged writer; null when that cannot be read. */
function freeBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

function failure(step: FailedStep, summary: string, log: BuildLog, compiled: number, outDir: string): KernelBuildResult {
  const lines = log.text().split("\n");
  // a full disk makes every later line an error: it is the cause, whatever else failed after it.
  // Not every tool says ENOSPC (ar may fail with a bare status): the disk's free space says it too.
  const full = lines.find((l) => DISK_FULL.test(l));
  const free = freeBytes(outDir);
  const diskFull = full !== undefined || (free !== null && free < NEARLY_FULL_BYTES);
  const first = full ?? lines.find((l) => /\berror:|\*\*\*|undefined reference/.test(l));
  const why = diskFull
    ? `the disk holding ${outDir} is full (${formatBytes(free ?? 0)} free; free space there, or set KBLOAT_CACHE to a bigger disk)`
    : summary;
  log.append(`kbloat: ${step} failed: ${why}${first ? `: ${first.trim()}` : ""}\n`);
  const logTail = log.text().trimEnd().split("\n").slice(-40).join("\n");
  return { ok: false, step, cause: first ? `${why}: ${first.trim()}` : why, logTail, compiled };
}
