// What the Kconfig and Kbuild readers made of a kernel tree, kept between runs. A reader reads
// through a Tracker, which notes every file it read (its size and modification time, or that it
// was not there) and every directory it listed (the names in it). The result is stored with
// those notes, keyed by the tree's path, the reader's options and the reader's own code; it is
// used again only while every note still holds, so a changed, added or removed file, or a
// changed kbloat, makes it read the tree again.

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";

/** `file`: "size:mtime" or null when absent; `dir`: the hash of its sorted names, or null */
type Note = { kind: "file" | "dir"; path: string; sig: string | null };

export class Tracker {
  readonly notes: Note[] = [];

  /** the file's text, or null when there is none (ENOENT, ENOTDIR, EISDIR) */
  readText(path: string): string | null {
    const sig = fileSignature(path);
    this.notes.push({ kind: "file", path, sig });
    if (sig === null || sig === "other") return null;
    return readFileSync(path, "utf8");
  }

  async readTextAsync(path: string): Promise<string | null> {
    const sig = fileSignature(path);
    this.notes.push({ kind: "file", path, sig });
    if (sig === null || sig === "other") return null;
    return readFile(path, "utf8");
  }

  /** whether anything is at the path */
  exists(path: string): boolean {
    const sig = fileSignature(path);
    this.notes.push({ kind: "file", path, sig });
    return sig !== null;
  }

  /** the names in a directory, or null when it cannot be listed */
  list(path: string): string[] | null {
    const names = listNames(path);
    this.notes.push({ kind: "dir", path, sig: names === null ? null : hashNames(names) });
    return names;
  }
}

/** "size:mtime" of a file, "other" for a directory or anything else that is there, null when nothing is */
function fileSignature(path: string): string | null {
  let st;
  try {
    st = statSync(path, { bigint: true, throwIfNoEntry: false });
  } catch {
    return null; // ENOTDIR: a path through a file
  }
  if (!st) return null;
  return st.isFile() ? `${st.size}:${st.mtimeNs}` : "other";
}

function listNames(path: string): string[] | null {
  try {
    return readdirSync(path).sort();
  } catch {
    return null;
  }
}

const hashNames = (names: string[]) => createHash("sha256").update(names.join("\n")).digest("hex");

function stillHolds(n: Note): boolean {
  if (n.kind === "file") return fileSignature(n.path) === n.sig;
  const names = listNames(n.path);
  return (names === null ? null : hashNames(names)) === n.sig;
}

/**
 * The reader's own code: the files of the folders it is made of (`core/kconfig`, relative to
 * src/ or dist/), their sizes and times, so that a changed reader never uses what an older one made.
 */
function codeStamp(folders: string[]): string {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const h = createHash("sha256");
  for (const f of folders) {
    const dir = join(root, f);
    for (const name of listNames(dir) ?? []) h.update(`${f}/${name}:${fileSignature(join(dir, name))}\n`);
  }
  return h.digest("hex");
}

/**
 * `read` through the cache in `cacheRoot` (null: no cache). `key` names what is read (the tree,
 * the options); `code` the folders of the reader's code. A cache that cannot be written is no error:
 * the result is just not kept.
 */
export async function readThroughCache<T>(cacheRoot: string | null, key: unknown, code: string[], read: (t: Tracker) => T | Promise<T>): Promise<T> {
  const entry = lookUp<T>(cacheRoot, key, code);
  if (entry.hit) return entry.hit.value;
  const tracker = new Tracker();
  const value = await read(tracker);
  keep(entry.file, tracker, value);
  return value;
}

/** The synchronous form, for readers that are. */
export function readThroughCacheSync<T>(cacheRoot: string | null, key: unknown, code: string[], read: (t: Tracker) => T): T {
  const entry = lookUp<T>(cacheRoot, key, code);
  if (entry.hit) return entry.hit.value;
  const tracker = new Tracker();
  const value = read(tracker);
  keep(entry.file, tracker, value);
  return value;
}

function lookUp<T>(cacheRoot: string | null, key: unknown, code: string[]): { file: string | null; hit: { value: T } | null } {
  if (cacheRoot === null) return { file: null, hit: null };
  const id = createHash("sha256").update(JSON.stringify(key)).update(codeStamp(code)).digest("hex").slice(0, 32);
  const file = join(cacheRoot, "parsed", `${id}.bin`);
  let cached: { notes: Note[]; value: T } | null = null;
  try {
    cached = deserialize(readFileSync(file)) as { notes: Note[]; value: T };
  } catch {
    // none yet, or unreadable: read the tree
  }
  if (!cached || !cached.notes.every(stillHolds)) return { file, hit: null };
  // its time says when it was last used, for dropLeastRecentlyUsed
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // a read-only cache is still a cache
  }
  return { file, hit: { value: cached.value } };
}

/** Entries kept: the Kconfig facts of a 6.12 tree are ~8 MB, so the least recently used go beyond these. */
export const KEPT_ENTRIES = 24;

function keep(file: string | null, tracker: Tracker, value: unknown): void {
  if (file === null) return;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, serialize({ notes: tracker.notes, value }));
    renameSync(tmp, file);
    dropLeastRecentlyUsed(dirname(file));
  } catch {
    // a full disk or a read-only cache: the result is good, only not kept
  }
}

function dropLeastRecentlyUsed(dir: string): void {
  const entries = (listNames(dir) ?? []).filter((n) => n.endsWith(".bin")).map((n) => ({ path: join(dir, n), used: statSync(join(dir, n)).mtimeMs }));
  entries.sort((a, b) => b.used - a.used);
  for (const e of entries.slice(KEPT_ENTRIES)) rmSync(e.path, { force: true });
}
