// Names of one set of bytes. The linker and the kernel's own scripts give some bytes several
// names: 7.x's position-independent startup code sees `early_dynamic_pgts` as
// `__pi_early_dynamic_pgts` too (262,144 bytes each on 7.2 tinyconfig, 47 such pairs), and aliases
// made with SYM_ALIAS or `__alias` are common. nm lists every name; counting each would count the
// bytes twice (and push [unattributed] below zero). Here symbols of one address, size and kind
// are one entry, named by the most telling name, the others kept as its aliases. bloat-o-meter
// keeps counting every name, as the kernel's script does.

import type { SymbolSize } from "./measurement.js";

export interface SymbolBytes extends SymbolSize {
  /** the other names of the same bytes (empty when there are none) */
  aliases: string[];
}

const TEXT_TYPES = "tTwWrRiI";
const BSS_TYPES = "bB";

/** Which part of size's totals a symbol's bytes count in. */
export function symbolClass(type: string): "text" | "data" | "bss" {
  return TEXT_TYPES.includes(type) ? "text" : BSS_TYPES.includes(type) ? "bss" : "data";
}

/** Of two names for the same bytes, negative when a names them better: not a __pi_ copy, global, fewer leading underscores, shorter, then by name. */
function compareNames(a: SymbolSize, b: SymbolSize): number {
  const pi = (s: SymbolSize) => (s.name.startsWith("__pi_") ? 1 : 0);
  const local = (s: SymbolSize) => (s.type === s.type.toLowerCase() ? 1 : 0);
  const underscores = (s: SymbolSize) => /^_*/.exec(s.name)?.[0].length ?? 0;
  const byName = a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  return pi(a) - pi(b) || local(a) - local(b) || underscores(a) - underscores(b) || a.name.length - b.name.length || byName;
}

/**
 * Sized symbols with their aliases folded in, in the order of each one's first name. Symbols
 * without an address (stored before addresses were) are taken one by one, as before.
 */
export function foldSymbolAliases(symbols: SymbolSize[]): SymbolBytes[] {
  const groups = new Map<string, SymbolSize[]>();
  const out: SymbolSize[][] = [];
  for (const s of symbols) {
    if (s.size <= 0 || s.type === "a" || s.type === "A") continue;
    if (s.addr === undefined) {
      out.push([s]);
      continue;
    }
    const key = `${s.addr}:${s.size}:${symbolClass(s.type)}`;
    const group = groups.get(key);
    if (group) group.push(s);
    else {
      const fresh = [s];
      groups.set(key, fresh);
      out.push(fresh);
    }
  }
  return out.map((g) => {
    const [first, ...rest] = [...g].sort(compareNames);
    return { ...first, aliases: rest.map((s) => s.name) };
  });
}

/** A row's name: the symbol's, with its aliases after "=" (symbol names have no spaces, so this cannot be misread). */
export function symbolRowName(s: SymbolBytes): string {
  return s.aliases.length ? `${s.name} (= ${s.aliases.join(", ")})` : s.name;
}
