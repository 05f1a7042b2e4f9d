// What the explainers read of a Kconfig model, and a packed form of it that is cheap to load.
//
// explainBuiltins() and the evaluator look at each symbol's type, its definitions (where they
// are, their flags and choice, their dependency, and when each prompt and default applies), its
// selects and implies, the choices and the modules symbol. A whole KconfigModel is such facts.
// A 6.12 model also holds help texts, menus, comments and every property as written: ~300,000
// objects, whose loading was most of a `kbloat modules` run. The packed form keeps the facts
// alone: an index of names, types and choices, and each symbol's own facts as JSON (symbol-record.ts),
// decoded the first time it is read (a report reads a few hundred of the ~18,000 symbols).

import type { Default, Expr, Location, ReverseDependency, SymbolFlag, SymbolType } from "./model.js";
import { decodeSymbolRecord, encodeSymbolRecord, type SymbolBody } from "./symbol-record.js";

export interface DefinitionFacts {
  at: Location;
  flags: readonly SymbolFlag[];
  /** the choice this definition sits in */
  choice: number | null;
  /** the full dependency, as in ConfigEntry */
  dependency: Expr | null;
  prompts: readonly { active: Expr | null }[];
  defaults: readonly Pick<Default, "at" | "value" | "active">[];
}

export interface SymbolFacts {
  name: string;
  type: SymbolType;
  choice: number | null;
  definitions: readonly DefinitionFacts[];
  selectedBy: readonly ReverseDependency[];
  impliedBy: readonly ReverseDependency[];
}

export interface ChoiceFacts {
  type: SymbolType;
  members: string[];
  definitions: readonly { at: Location }[];
}

export interface KconfigFacts {
  symbols: ReadonlyMap<string, SymbolFacts>;
  choices: readonly ChoiceFacts[];
  /** the symbol marked `modules` */
  modules: string | null;
}

/** The facts as plain data: names, types and choices in order; each symbol's rest as UTF-8 JSON, `records[ends[i-1]..ends[i]]`. */
export interface PackedKconfigFacts {
  names: string[];
  types: SymbolType[];
  choiceOf: (number | null)[];
  records: Uint8Array;
  ends: number[];
  choices: ChoiceFacts[];
  modules: string | null;
}

export function packKconfigFacts(facts: KconfigFacts): PackedKconfigFacts {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const ends: number[] = [];
  let end = 0;
  const p: Omit<PackedKconfigFacts, "records" | "ends"> = { names: [], types: [], choiceOf: [], choices: [], modules: facts.modules };
  for (const s of facts.symbols.values()) {
    p.names.push(s.name);
    p.types.push(s.type);
    p.choiceOf.push(s.choice);
    const bytes = encoder.encode(encodeSymbolRecord(s));
    parts.push(bytes);
    end += bytes.length;
    ends.push(end);
  }
  const records = new Uint8Array(end);
  let at = 0;
  for (const b of parts) {
    records.set(b, at);
    at += b.length;
  }
  p.choices = facts.choices.map((c) => ({ type: c.type, members: [...c.members], definitions: c.definitions.map((d) => ({ at: d.at })) }));
  return { ...p, records, ends };
}

/** The facts again; each symbol's definitions, selects and implies are decoded when first read. */
export function unpackKconfigFacts(p: PackedKconfigFacts): KconfigFacts {
  const decoder = new TextDecoder();
  const symbols = new Map<string, SymbolFacts>();
  for (let i = 0; i < p.names.length; i++) {
    const read = () => decodeSymbolRecord(decoder.decode(p.records.subarray(i === 0 ? 0 : p.ends[i - 1], p.ends[i])));
    symbols.set(p.names[i], new PackedSymbol(p.names[i], p.types[i], p.choiceOf[i], read));
  }
  return { symbols, choices: p.choices, modules: p.modules };
}

class PackedSymbol implements SymbolFacts {
  private body: SymbolBody | null = null;

  constructor(
    readonly name: string,
    readonly type: SymbolType,
    readonly choice: number | null,
    private readonly read: () => SymbolBody,
  ) {}

  private get decoded(): SymbolBody {
    this.body ??= this.read();
    return this.body;
  }

  get definitions(): readonly DefinitionFacts[] {
    return this.decoded.definitions;
  }

  get selectedBy(): readonly ReverseDependency[] {
    return this.decoded.selectedBy;
  }

  get impliedBy(): readonly ReverseDependency[] {
    return this.decoded.impliedBy;
  }
}
