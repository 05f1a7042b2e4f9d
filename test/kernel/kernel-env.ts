// Shared by the real-kernel tests: the cached Debian kernel sources and a way to run kbloat.

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const TARBALLS = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "kbloat", "tarballs");

/** A pinned Debian release of each era (5.10 to 7.3-rc), fetched by scripts/fetch-releases.sh. */
export type Release = "5.10.223" | "6.1.192" | "6.12.117" | "7.2.13" | "7.3~rc7";

/** The two releases most tests build (setup.sh fetches them): 6.1 and 6.12 stand for these. */
const PINNED = { "6.1": "6.1.192", "6.12": "6.12.117" } as const;

/**
 * The cached source of a pinned release, fetched when missing (a fresh CI machine) through
 * scripts/fetch-releases.sh, which takes the nearest point release when the archive has dropped
 * the pinned one and prints the path it wrote.
 */
export function tarball(version: keyof typeof PINNED | Release): string {
  const release = version in PINNED ? PINNED[version as keyof typeof PINNED] : version;
  const path = join(TARBALLS, `linux-source-${release}.tar.xz`);
  if (existsSync(path)) return path;
  const r = spawnSync("bash", [join(ROOT, "scripts", "fetch-releases.sh"), release], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const fetched = r.stdout.trim().split("\n").pop() ?? "";
  if (r.status !== 0 || !existsSync(fetched)) throw new Error(`scripts/fetch-releases.sh ${release} exited ${r.status} (its cause is on stderr above)`);
  return fetched;
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
