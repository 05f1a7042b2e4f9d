// Shared by the real-kernel tests: the cached Debian kernel sources and a way to run kbloat.

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const TARBALLS = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "kbloat", "tarballs");

export function tarball(version: "6.1" | "6.12"): string {
  const path = join(TARBALLS, `linux-source-${version}.tar.xz`);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`bash scripts/setup.sh\` first (it downloads Debian's linux-source packages)`);
  return path;
}

/** One database for a whole test file. */
export function testDb(name: string): string {
  return join(mkdtempSync(join(tmpdir(), `kbloat-${name}-`)), "kbloat.db");
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function kbloat(db: string, args: string[]): Run {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "kbloat.js"), "--db", db, ...args], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function kbloatOk(db: string, args: string[]): string {
  const r = kbloat(db, args);
  if (r.code !== 0) throw new Error(`kbloat ${args.join(" ")} exited ${r.code}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

export function showJson(db: string, build: string, by = "section"): ShowJson {
  return JSON.parse(kbloatOk(db, ["--format", "json", "show", build, "--by", by]));
}

export interface ShowJson {
  schema: number;
  build: { id: number; name: string; status: string; source_dir: string; build_dir: string };
  totals: { text: number; data: number; bss: number; total: number; image: number | null; content: number | null };
  rows: { name: string; size: number; text: number; data: number; bss: number }[];
}

export function tool(cmd: string, args: string[], cwd?: string): string {
  return execFileSync(cmd, args, { encoding: "utf8", cwd, maxBuffer: 256 * 1024 * 1024 });
}
