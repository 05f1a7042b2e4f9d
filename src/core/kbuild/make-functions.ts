// GNU make's text functions, on pieces. Word functions (addprefix, patsubst, filter, ...) keep each
// word's own conditions; the others give their result the conditions of everything they read.
// Functions that need the outside world ($(shell), $(wildcard), $(call cc-option,...)) are unknown,
// but for a $(shell echo …) of plain words.

import type { Scope } from "./make-scope.js";
import { collapse, isUnknown, joinWords, literal, mergeConds, type Piece, piecesText, splitWords, trimPieces, withConds, type Word } from "./make-words.js";

export type Expand = (text: string, scope: Scope) => Piece[];

export interface MakeFunction {
  /** how many arguments it takes; the last one keeps any further commas */
  max: number;
  call(args: string[], scope: Scope, expand: Expand): Piece[];
}

/** A result nobody can know here: no text, the conditions of what it read. */
function unknown(...lists: Piece[][]): Piece[] {
  return [{ text: "", conds: collapse(lists.flat()).conds, unknown: true }];
}

/** Expands every argument. */
function expandAll(args: string[], scope: Scope, expand: Expand): Piece[][] {
  return args.map((a) => expand(a, scope));
}

type WordMap = (words: Word[], control: string[]) => Word[];

/** A function of control arguments (a pattern, a prefix), as written, and a word list, its last argument. */
function wordFunction(max: number, map: WordMap, controlConds = false): MakeFunction {
  return {
    max,
    call(args, scope, expand) {
      const vals = expandAll(args, scope, expand);
      if (vals.some(isUnknown)) return unknown(...vals);
      const control = vals.slice(0, -1);
      const words = map(splitWords(vals[vals.length - 1]), control.map(piecesText));
      const conds = controlConds ? collapse(control.flat()).conds : [];
      return joinWords(conds.length ? words.map((w) => ({ ...w, conds: mergeConds(conds, w.conds) })) : words);
    },
  };
}

/** A function of the whole text: one piece with the union of the conditions. */
function textFunction(max: number, fn: (args: string[]) => string): MakeFunction {
  return {
    max,
    call(args, scope, expand) {
      const vals = expandAll(args, scope, expand);
      if (vals.some(isUnknown)) return unknown(...vals);
      return [{ text: fn(vals.map(piecesText)), conds: collapse(vals.flat()).conds }];
    },
  };
}

function patternMatches(patterns: string[], word: string): boolean {
  return patterns.some((p) => {
    const i = p.indexOf("%");
    if (i < 0) return p === word;
    const pre = p.slice(0, i);
    const post = p.slice(i + 1);
    return word.length >= pre.length + post.length && word.startsWith(pre) && word.endsWith(post);
  });
}

/** make's patsubst on one word: `%` matches any stem once. */
export function patsubstWord(pattern: string, replacement: string, word: string): string {
  const i = pattern.indexOf("%");
  if (i < 0) return word === pattern ? replacement : word;
  const pre = pattern.slice(0, i);
  const post = pattern.slice(i + 1);
  if (word.length < pre.length + post.length || !word.startsWith(pre) || !word.endsWith(post)) return word;
  const stem = word.slice(pre.length, word.length - post.length);
  return replacement.includes("%") ? replacement.replace("%", stem) : replacement;
}

const words = (t: string) => t.split(/\s+/).filter(Boolean);
const dirOf = (w: string) => (w.includes("/") ? w.slice(0, w.lastIndexOf("/") + 1) : "./");
const notdirOf = (w: string) => w.slice(w.lastIndexOf("/") + 1);
const suffixAt = (w: string) => {
  const dot = w.lastIndexOf(".");
  return dot > w.lastIndexOf("/") ? dot : -1;
};

function condition(kind: "if" | "or" | "and"): MakeFunction {
  return {
    max: kind === "if" ? 3 : 1000,
    call(args, scope, expand) {
      let conds = collapse([]).conds;
      if (kind === "if") {
        const test = trimPieces(expand(args[0], scope));
        if (isUnknown(test)) return unknown(test);
        conds = collapse(test).conds;
        const chosen = piecesText(test) !== "" ? args[1] : args[2];
        return chosen === undefined ? [{ text: "", conds }] : withConds(expand(chosen, scope), conds);
      }
      let last: Piece[] = [];
      for (const a of args) {
        last = trimPieces(expand(a, scope));
        if (isUnknown(last)) return unknown(last);
        conds = mergeConds(conds, collapse(last).conds);
        const empty = piecesText(last) === "";
        if (kind === "or" ? !empty : empty) return withConds(last, conds);
      }
      return kind === "or" ? [{ text: "", conds }] : withConds(last, conds);
    },
  };
}

const foreach: MakeFunction = {
  max: 3,
  call(args, scope, expand) {
    const name = piecesText(expand(args[0], scope)).trim();
    const list = expand(args[1], scope);
    if (isUnknown(list)) return unknown(list);
    const out: Word[] = [];
    for (const w of splitWords(list)) {
      const locals = new Map(scope.locals ?? []);
      locals.set(name, [{ text: w.text, conds: w.conds, at: w.at }]);
      out.push(...splitWords(expand(args[2] ?? "", { ...scope, locals })));
    }
    return joinWords(out);
  },
};

const call: MakeFunction = {
  max: 1000,
  call(args, scope, expand) {
    const name = piecesText(expand(args[0], scope)).trim();
    const vals = args.slice(1).map((a) => expand(a, scope));
    if (!scope.vars.has(name) && !scope.locals?.has(name)) return unknown(...vals); // cc-option and friends
    const locals = new Map([...(scope.locals ?? [])].filter(([k]) => !/^\d+$/.test(k)));
    locals.set("0", literal(name));
    vals.forEach((v, i) => locals.set(String(i + 1), v));
    return expand(`$(${name})`, { ...scope, locals });
  },
};

const external: MakeFunction = { max: 1000, call: (args, scope, expand) => unknown(...expandAll(args, scope, expand)) };

/** A shell word with nothing the shell would expand: plain characters and '…' or "…" quotes. */
const PLAIN_SHELL_WORD = /^(?:[^\s'"\\$`;|&<>()*?[\]{}~#]+|"[^"\\$`]*"|'[^']*')+$/;

/**
 * `$(shell echo WORDS)`, which 5.10's usr/Makefile uses to unquote a Kconfig string: echo prints
 * its arguments, unquoted, joined by one space. Any other command, or a word the shell would
 * expand (`$`, globs, backslashes), needs the shell: unknown.
 */
const shell: MakeFunction = {
  max: 1000,
  call(args, scope, expand) {
    const vals = expandAll(args, scope, expand);
    if (vals.some(isUnknown) || vals.length !== 1) return unknown(...vals);
    const command = shellWords(piecesText(vals[0]));
    if (command?.[0] !== "echo" || command.slice(1).some((w) => w.startsWith("-") || !PLAIN_SHELL_WORD.test(w))) return unknown(...vals);
    const unquoted = command.slice(1).map((w) => w.replace(/"([^"]*)"|'([^']*)'/g, (_, d, q) => d ?? q));
    return [{ text: unquoted.join(" "), conds: collapse(vals[0]).conds }];
  },
};

/** A command line split into words as the shell splits them (quotes keep blanks), null when a quote is open. */
function shellWords(text: string): string[] | null {
  const out: string[] = [];
  const word = /(?:[^\s'"]+|"[^"]*"|'[^']*')+/y;
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) return out;
    word.lastIndex = i;
    const m = word.exec(text);
    if (!m) return null;
    out.push(m[0]);
    i = word.lastIndex;
  }
}
const silent: MakeFunction = { max: 1, call: () => [] };

export const MAKE_FUNCTIONS: ReadonlyMap<string, MakeFunction> = new Map<string, MakeFunction>([
  ["subst", textFunction(3, ([a, b, t]) => (a === "" ? t : t.split(a).join(b)))],
  ["findstring", textFunction(2, ([f, t]) => (t.includes(f) ? f : ""))],
  ["strip", wordFunction(1, (ws) => ws)],
  ["words", textFunction(1, ([t]) => String(words(t).length))],
  ["addprefix", wordFunction(2, (ws, [p]) => ws.map((w) => ({ ...w, text: p + w.text })), true)],
  ["addsuffix", wordFunction(2, (ws, [s]) => ws.map((w) => ({ ...w, text: w.text + s })), true)],
  // as make does, the replacement keeps its blanks (`$(patsubst %.o, %.c,a.o)` is " a.c")
  ["patsubst", wordFunction(3, (ws, [pattern, replacement]) => ws.map((w) => ({ ...w, text: patsubstWord(pattern.trim(), replacement, w.text) })))],
  ["filter", wordFunction(2, (ws, [p]) => ws.filter((w) => patternMatches(words(p), w.text)))],
  ["filter-out", wordFunction(2, (ws, [p]) => ws.filter((w) => !patternMatches(words(p), w.text)))],
  ["sort", wordFunction(1, (ws) => [...new Map(ws.map((w) => [w.text, w])).values()].sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0)))],
  ["firstword", wordFunction(1, (ws) => ws.slice(0, 1))],
  ["lastword", wordFunction(1, (ws) => ws.slice(-1))],
  ["word", wordFunction(2, (ws, [n]) => ws.slice(Number(n.trim()) - 1, Number(n.trim())))],
  ["wordlist", wordFunction(3, (ws, [s, e]) => ws.slice(Number(s) - 1, Number(e)))],
  ["dir", wordFunction(1, (ws) => ws.map((w) => ({ ...w, text: dirOf(w.text) })))],
  ["notdir", wordFunction(1, (ws) => ws.map((w) => ({ ...w, text: notdirOf(w.text) })))],
  ["basename", wordFunction(1, (ws) => ws.map((w) => ({ ...w, text: suffixAt(w.text) < 0 ? w.text : w.text.slice(0, suffixAt(w.text)) })))],
  ["suffix", wordFunction(1, (ws) => ws.filter((w) => suffixAt(w.text) >= 0).map((w) => ({ ...w, text: w.text.slice(suffixAt(w.text)) })))],
  ["if", condition("if")],
  ["or", condition("or")],
  ["and", condition("and")],
  ["foreach", foreach],
  ["call", call],
  [
    "value",
    { max: 1, call: (args, scope, expand) => literal((scope.vars.get(piecesText(expand(args[0], scope)).trim())?.chunks ?? []).map((c) => c.raw).join(" ")) },
  ],
  ["shell", shell],
  ["wildcard", external],
  ["realpath", external],
  ["abspath", external],
  ["origin", external],
  ["flavor", external],
  ["file", external],
  ["eval", silent],
  ["info", silent],
  ["warning", silent],
  ["error", silent],
]);
