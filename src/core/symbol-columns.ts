// A build's symbol table as columns: what a store keeps of it in two values, not one row per
// symbol. `sizes` holds names, nm types and sizes (all bloat-o-meter reads); `places` the object
// each symbol came from and its address, when known. Names are kept as text, in nm's order.

import type { SymbolSize } from "./measurement.js";

export interface SymbolColumns {
  count: number;
  /** JSON: [names, types, sizes] */
  sizes: string;
  /** JSON: { objects: the distinct object paths, of: each symbol's index in them (-1: in no object), addrs }; null when neither is known */
  places: string | null;
}

interface Places {
  objects?: string[];
  of?: number[];
  addrs?: (string | null)[];
}

/** True when every symbol says which object it came from (null: none): "not known" is told from "in no object" by this. */
export function hasSymbolObjects(symbols: SymbolSize[]): boolean {
  return symbols.length > 0 && symbols.every((s) => s.object !== undefined);
}

export function encodeSymbolColumns(symbols: SymbolSize[]): SymbolColumns {
  const n = symbols.length;
  const withObjects = hasSymbolObjects(symbols);
  const withAddrs = symbols.some((s) => s.addr !== undefined);
  // one pass, into arrays of their final length (a def+mod kernel has 112,000 symbols)
  const names: string[] = new Array(n);
  const types: string[] = new Array(n);
  const sizes: number[] = new Array(n);
  const of: number[] = withObjects ? new Array(n) : [];
  const addrs: (string | null)[] = withAddrs ? new Array(n) : [];
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const s = symbols[i];
    names[i] = s.name;
    types[i] = s.type;
    sizes[i] = s.size;
    if (withObjects) {
      if (s.object === null || s.object === undefined) of[i] = -1;
      else {
        let k = index.get(s.object);
        if (k === undefined) index.set(s.object, (k = index.size));
        of[i] = k;
      }
    }
    if (withAddrs) addrs[i] = s.addr ?? null;
  }
  const places: Places = {};
  if (withObjects) {
    places.of = of;
    places.objects = [...index.keys()];
  }
  if (withAddrs) places.addrs = addrs;
  return { count: n, sizes: JSON.stringify([names, types, sizes]), places: withObjects || withAddrs ? JSON.stringify(places) : null };
}

/** Names, types and sizes of a symbol table, as columns: the i-th symbol is names[i], types[i], sizes[i]. */
export interface SymbolSizeColumns {
  names: string[];
  types: string[];
  sizes: number[];
}

/** Names, types and sizes alone, as columns (no object a symbol: what bloat-o-meter of 100,000 symbols wants). */
export function decodeSymbolSizeColumns(sizes: string): SymbolSizeColumns {
  const [names, types, bytes] = JSON.parse(sizes) as [string[], string[], number[]];
  return { names, types, sizes: bytes };
}

export function symbolSizeColumnsOf(symbols: readonly SymbolSize[]): SymbolSizeColumns {
  return { names: symbols.map((s) => s.name), types: symbols.map((s) => s.type), sizes: symbols.map((s) => s.size) };
}

/** Names, types and sizes alone. */
export function decodeSymbolSizes(sizes: string): SymbolSize[] {
  const { names, types, sizes: bytes } = decodeSymbolSizeColumns(sizes);
  const out: SymbolSize[] = new Array(names.length);
  for (let i = 0; i < names.length; i++) out[i] = { name: names[i], type: types[i], size: bytes[i] };
  return out;
}

/** The whole table: with `object` on every symbol when the objects are known, and `addr` where one was stored. */
export function decodeSymbolColumns(c: Pick<SymbolColumns, "sizes" | "places">): SymbolSize[] {
  const symbols = decodeSymbolSizes(c.sizes);
  if (c.places === null) return symbols;
  const { objects, of, addrs } = JSON.parse(c.places) as Places;
  for (let i = 0; i < symbols.length; i++) {
    const s = symbols[i];
    if (of && objects) s.object = of[i] < 0 ? null : objects[of[i]];
    const addr = addrs?.[i];
    if (addr !== undefined && addr !== null) s.addr = addr;
  }
  return symbols;
}
