// One symbol's definitions, selects and implies as JSON, as the packed Kconfig facts keep each
// symbol (kconfig-facts.ts). Expressions are written once each in a table, children before
// parents, and referred to by index: every prompt's and default's `active` is its entry's
// dependency && its own condition, so written out in place the dependency of a deep menu would
// be repeated for every property (a 6.12 tree's facts: 16 MB that way, 6 MB this way).

import type { Atom, CompareOp, Expr, Location, ReverseDependency, SymbolFlag } from "./model.js";
import type { SymbolFacts } from "./kconfig-facts.js";

export type SymbolBody = Pick<SymbolFacts, "definitions" | "selectedBy" | "impliedBy">;

type Ref = number | null;
type ExprNode = ["s" | "c" | "u", string] | ["!", number] | ["&" | "|", number, number] | [CompareOp, number, number];

interface DefinitionRecord {
  at: Location;
  flags: SymbolFlag[];
  choice: number | null;
  dependency: Ref;
  prompts: Ref[];
  defaults: { at: Location; value: number; active: Ref }[];
}

interface ReverseRecord {
  by: string;
  condition: Ref;
  active: Ref;
  at: Location;
}

interface SymbolRecord {
  exprs: ExprNode[];
  definitions: DefinitionRecord[];
  selectedBy: ReverseRecord[];
  impliedBy: ReverseRecord[];
}

export function encodeSymbolRecord(s: SymbolBody): string {
  const exprs: ExprNode[] = [];
  const byObject = new Map<Expr, number>();
  const byNode = new Map<string, number>();
  const ref = (e: Expr): number => {
    let i = byObject.get(e);
    if (i !== undefined) return i;
    const node = nodeOf(e, ref);
    // unambiguous: a leaf's tag is s, c or u and its string is the rest; no other node starts so
    const key = node.join(" ");
    i = byNode.get(key);
    if (i === undefined) {
      i = exprs.push(node) - 1;
      byNode.set(key, i);
    }
    byObject.set(e, i);
    return i;
  };
  const opt = (e: Expr | null): Ref => (e === null ? null : ref(e));
  const reverse = (r: ReverseDependency): ReverseRecord => ({ by: r.by, condition: opt(r.condition), active: opt(r.active), at: r.at });
  const definitions = s.definitions.map((d) => ({
    at: d.at,
    flags: [...d.flags],
    choice: d.choice,
    dependency: opt(d.dependency),
    prompts: d.prompts.map((p) => opt(p.active)),
    defaults: d.defaults.map((x) => ({ at: x.at, value: ref(x.value), active: opt(x.active) })),
  }));
  const record: SymbolRecord = { exprs, definitions, selectedBy: s.selectedBy.map(reverse), impliedBy: s.impliedBy.map(reverse) };
  return JSON.stringify(record);
}

/** the node of `e`, its operands written first */
function nodeOf(e: Expr, ref: (e: Expr) => number): ExprNode {
  switch (e.kind) {
    case "symbol":
      return ["s", e.name];
    case "const":
      return ["c", e.value];
    case "unknown":
      return ["u", e.text];
    case "not":
      return ["!", ref(e.operand)];
    case "and":
    case "or":
      return [e.kind === "and" ? "&" : "|", ref(e.left), ref(e.right)];
    case "compare":
      return [e.op, ref(e.left), ref(e.right)];
  }
}

export function decodeSymbolRecord(json: string): SymbolBody {
  const r = JSON.parse(json) as SymbolRecord;
  const exprs: Expr[] = [];
  for (const n of r.exprs) exprs.push(exprOf(n, exprs));
  const opt = (i: Ref) => (i === null ? null : exprs[i]);
  const reverse = (x: ReverseRecord): ReverseDependency => ({ by: x.by, condition: opt(x.condition), active: opt(x.active), at: x.at });
  const definitions = r.definitions.map((d) => ({
    at: d.at,
    flags: d.flags,
    choice: d.choice,
    dependency: opt(d.dependency),
    prompts: d.prompts.map((p) => ({ active: opt(p) })),
    defaults: d.defaults.map((x) => ({ at: x.at, value: exprs[x.value], active: opt(x.active) })),
  }));
  return { definitions, selectedBy: r.selectedBy.map(reverse), impliedBy: r.impliedBy.map(reverse) };
}

function exprOf(n: ExprNode, exprs: Expr[]): Expr {
  switch (n[0]) {
    case "s":
      return { kind: "symbol", name: n[1] };
    case "c":
      return { kind: "const", value: n[1] };
    case "u":
      return { kind: "unknown", text: n[1] };
    case "!":
      return { kind: "not", operand: exprs[n[1]] };
    case "&":
    case "|":
      return { kind: n[0] === "&" ? "and" : "or", left: exprs[n[1]], right: exprs[n[2] as number] };
    default:
      return { kind: "compare", op: n[0], left: exprs[n[1]] as Atom, right: exprs[n[2]] as Atom };
  }
}
