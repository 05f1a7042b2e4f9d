// What the front ends need to get going: where things live, and the store to use.

import { openSqliteStore } from "../adapters/sqlite-store.js";
import type { BuildStore } from "./build-record.js";

export { cacheDir, defaultDbPath } from "../adapters/paths.js";

export function openStore(path: string): BuildStore {
  return openSqliteStore(path);
}
