// Where kbloat keeps things: the default database and the cache of sources and build trees.

import { homedir } from "node:os";
import { join } from "node:path";

export function dataDir(env = process.env): string {
  return join(env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "kbloat");
}

export function defaultDbPath(env = process.env): string {
  return env.KBLOAT_DB || join(dataDir(env), "kbloat.db");
}

export function cacheDir(env = process.env): string {
  return env.KBLOAT_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "kbloat");
}
