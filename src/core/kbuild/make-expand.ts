// Expands make text (`$(VAR)`, `${VAR}`, `$(fn args)`, `$(VAR:.o=.c)`, `$$`) into pieces that keep
// their conditions. CONFIG_ references become conditions; what cannot be known is marked unknown.

import { MAKE_FUNCTIONS, patsubstWord } from "./make-functions.js";
import { configCondition, type Scope, undefinedIsUnknown } from "./make-scope.js";
import { collapse, joinWords, literal, mergeConds, type Piece, piecesText, splitWords, withConds } from "./make-words.js";

/** The index of the bracket that closes the one opened at `open`, or -1. */
function matchClose(text: string, open: number): number {
  const o = text[open];
  const c = o === "(" ? ")" : "}";
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === o) depth++;
    else if (text[i] === c && --depth === 0) return i;
  }
  return -1;
}

export function expand(text: string, scope: Scope): Piece[] {
  if (!text.includes("$")) return literal(text);
  const out: Piece[] = [];
  let lit = "";
  const flush = () => {
    if (lit !== "") out.push({ text: lit, conds: [] });
    lit = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== "$") {
      lit += c;
      continue;
    }
    const n = text[i + 1];
    if (n === "$") {
      lit += "$";
      i++;
    } else if (n === "(" || n === "{") {
      const close = matchClose(text, i + 1);
      if (close < 0) {
        lit += text.slice(i);
        break;
      }
      flush();
      out.push(...expandReference(text.slice(i + 2, close), scope));
      i = close;
    } else if (n !== undefined) {
      flush();
      out.push(...lookup(n, scope));
      i++;
    }
  }
  flush();
  return out;
}

/** Splits a function's arguments at the commas outside brackets; the last argument keeps any further commas. */
export function splitArgs(text: string, max: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length && args.length < max - 1; i++) {
    const c = text[i];
    if (c === "(" || c === "{") depth++;
    else if ((c === ")" || c === "}") && depth > 0) depth--;
    else if (c === "," && depth === 0) {
      args.push(text.slice(start, i));
      start = i + 1;
    }
  }
  args.push(text.slice(start));
  return args;
}

function expandReference(content: string, scope: Scope): Piece[] {
  const fn = /^([a-z-]+)[ \t]/.exec(content);
  if (fn && MAKE_FUNCTIONS.has(fn[1])) {
    const f = MAKE_FUNCTIONS.get(fn[1])!;
    const args = splitArgs(content.slice(fn[0].length).replace(/^[ \t]+/, ""), f.max);
    return f.call(args, scope, expand);
  }
  const colon = topLevelIndex(content, ":");
  if (colon >= 0) {
    const eq = topLevelIndex(content, "=", colon);
    if (eq >= 0) return substitutionReference(content.slice(0, colon), content.slice(colon + 1, eq), content.slice(eq + 1), scope);
  }
  const name = collapse(expand(content, scope));
  const value = lookup(name.text.trim(), scope);
  if (name.conds.length === 0 && !name.unknown) return value;
  // a computed name (`$(objs-$(CONFIG_X))`): what the name depended on, the value depends on too
  const pieces = value.length ? value : [{ text: "", conds: [] }];
  return withConds(pieces, name.conds).map((p) => (name.unknown ? { ...p, unknown: true } : p));
}

function topLevelIndex(text: string, ch: string, from = 0): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "{") depth++;
    else if ((c === ")" || c === "}") && depth > 0) depth--;
    else if (c === ch && depth === 0) return i;
  }
  return -1;
}

/** `$(var:a=b)`: patsubst `%a` → `%b` on each word, or with the `%` given. */
function substitutionReference(nameText: string, from: string, to: string, scope: Scope): Piece[] {
  const name = piecesText(expand(nameText, scope)).trim();
  const a = piecesText(expand(from, scope));
  const b = piecesText(expand(to, scope));
  const [pa, pb] = a.includes("%") ? [a, b] : [`%${a}`, `%${b}`];
  const words = splitWords(lookup(name, scope)).map((w) => ({ ...w, text: patsubstWord(pa, pb, w.text) }));
  return joinWords(words);
}

/** The value of a variable by name: foreach and call locals first, then variables, then the configuration. */
export function lookup(name: string, scope: Scope): Piece[] {
  const local = scope.locals?.get(name);
  if (local !== undefined) return local;
  const v = scope.vars.get(name);
  if (v !== undefined) {
    if (scope.expanding.has(name)) return [{ text: "", conds: [], unknown: true }];
    const out: Piece[] = [];
    scope.expanding.add(name);
    try {
      let text = false;
      for (const chunk of v.chunks) {
        const pieces = chunk.pieces ?? expand(chunk.raw, { ...scope, at: chunk.at ?? scope.at });
        const some = pieces.some((p) => p.text !== "" || p.unknown);
        if (text && some) out.push({ text: " ", conds: [] }); // += adds a blank only between two values
        text ||= some;
        for (const p of pieces) out.push({ ...p, conds: mergeConds(chunk.conds, p.conds), at: p.at ?? chunk.at });
      }
    } finally {
      scope.expanding.delete(name);
    }
    return out;
  }
  if (name.startsWith("CONFIG_")) {
    const { value, cond } = configCondition(scope, name.slice("CONFIG_".length));
    return [{ text: value, conds: [cond] }];
  }
  return undefinedIsUnknown(name) ? [{ text: "", conds: [], unknown: true }] : [];
}
