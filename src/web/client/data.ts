// The documents the pages read (the same paths under `serve` and in a published folder), each
// fetched once, and the measurements rebuilt from them for the read API's views.

import type { BuildRecord, StoredMeasurement } from "../../app/build-record.js";
import { fromMeasurementDoc, type MeasurementDoc, type SymbolsDoc } from "../../app/views/measurement-doc.js";

const cache = new Map<string, Promise<unknown>>();

/** A document that is not there: the server's (or the folder's) 404, with what exists. */
export class Missing extends Error {}

export function fetchDoc<T>(path: string): Promise<T> {
  let p = cache.get(path) as Promise<T> | undefined;
  if (!p) {
    p = fetch(path).then(async (r) => {
      if (r.status === 404) {
        const body = await r.json().catch(() => null);
        throw new Missing(body?.error ?? `${path} is not in this site`);
      }
      if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
      return r.json() as Promise<T>;
    });
    p.catch(() => cache.delete(path));
    cache.set(path, p);
  }
  return p;
}

/** Documents change as builds are stored: the start page and lists are always read again. */
export function forget(path: string): void {
  cache.delete(path);
}

export interface LoadedBuild {
  doc: MeasurementDoc;
  build: BuildRecord;
  m: StoredMeasurement | null;
}

export async function loadBuild(id: string, withSymbols = false): Promise<LoadedBuild> {
  const doc = await fetchDoc<MeasurementDoc>(`api/builds/${encodeURIComponent(id)}.json`).catch(async (e) => {
    // a static host's 404 says nothing: the index says what there is
    if (!(e instanceof Missing)) throw e;
    const b = (await fetchDoc<{ builds: { count: number; first: number | null; last: number | null } }>("api/index.json")).builds;
    throw new Missing(`no build ${id}; the builds are ${b.count ? `${b.first}..${b.last}` : "none yet"}`);
  });
  const symbols = withSymbols && doc.measured ? await fetchDoc<SymbolsDoc>(`api/symbols/${encodeURIComponent(id)}.json`) : undefined;
  return { doc, ...fromMeasurementDoc(doc, symbols) };
}
