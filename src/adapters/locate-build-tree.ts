// Finds what lies around a vmlinux built elsewhere: its link map, boot image, .config and
// source tree (kbuild leaves a `source` link in an out-of-tree build directory).

import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export interface BuildTree {
  vmlinux: string;
  dir: string;
  linkMap: string | null;
  image: string | null;
  config: string | null;
  /** the kernel source tree, when it can be found */
  sourceDir: string | null;
  /** SHA-256 of vmlinux: a measured kernel's identity */
  hash: string;
  /** the kernel release kbuild wrote into the build tree (include/config/kernel.release: 6.12.117, 7.3.0-rc7) */
  release: string | null;
}

const IMAGES = ["arch/x86/boot/bzImage", "arch/arm64/boot/Image.gz", "arch/riscv/boot/Image.gz", "arch/arm/boot/zImage", "arch/s390/boot/bzImage"];

export function locateBuildTree(vmlinuxPath: string, buildDir?: string, source?: string): BuildTree {
  const vmlinux = resolve(vmlinuxPath);
  const dir = resolve(buildDir ?? dirname(vmlinux));
  const candidates = source ? [resolve(source)] : [join(dir, "source"), dir];
  const sourceDir = candidates.filter((d) => existsSync(join(d, "MAINTAINERS")) || existsSync(join(d, "Makefile"))).map((d) => realpathSync(d))[0] ?? null;
  return {
    vmlinux,
    dir,
    linkMap: findLinkMap(vmlinux, dir),
    image: IMAGES.map((p) => join(dir, p)).find(existsSync) ?? null,
    config: existsSync(join(dir, ".config")) ? readFileSync(join(dir, ".config"), "utf8") : null,
    sourceDir,
    hash: existsSync(vmlinux) ? createHash("sha256").update(readFileSync(vmlinux)).digest("hex") : "",
    release: readRelease(dir),
  };
}

function readRelease(dir: string): string | null {
  const path = join(dir, "include", "config", "kernel.release");
  const release = existsSync(path) ? readFileSync(path, "utf8").trim() : "";
  return release || null;
}

/**
 * The link map of the link that made vmlinux. Before ~6.15 the linker writes vmlinux itself,
 * and its map is vmlinux.map (kbloat's linker wrapper, or the kernel's CONFIG_VMLINUX_MAP); from
 * ~6.15 the linker writes vmlinux.unstripped, which objcopy strips into vmlinux: kbloat's wrapper
 * then writes vmlinux.unstripped.map, while CONFIG_VMLINUX_MAP still writes vmlinux.map. A build
 * tree reused across eras (a series, a bisection) keeps the other era's map: the newest one is
 * the last link's.
 */
export function findLinkMap(vmlinux: string, dir: string): string | null {
  const candidates = [...new Set([`${vmlinux}.map`, join(dir, "vmlinux.map"), join(dir, "vmlinux.unstripped.map")])];
  let newest: { path: string; mtime: number } | null = null;
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    const mtime = statSync(path).mtimeMs;
    if (!newest || mtime > newest.mtime) newest = { path, mtime };
  }
  return newest?.path ?? null;
}
