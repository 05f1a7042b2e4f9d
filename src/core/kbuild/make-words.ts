// Text that remembers where it came from: each piece of an expanded value carries the conditions
// under which it was assigned, so that a word of `obj-y` knows the CONFIG_ symbols that put it there.

import type { KbuildCondition, SourceRef } from "./kbuild-types.js";

export interface Piece {
  text: string;
  conds: readonly KbuildCondition[];
  /** the value depends on something the reader cannot know (the compiler, the shell, the command line) */
  unknown?: boolean;
  /** the assignment that put this text into a variable */
  at?: SourceRef;
}

export interface Word {
  text: string;
  conds: readonly KbuildCondition[];
  unknown: boolean;
  at?: SourceRef;
}

const NO_CONDS: readonly KbuildCondition[] = [];

function condKey(c: KbuildCondition): string {
  return c.kind === "config" ? `${c.symbol}@${c.file}:${c.line}` : `?@${c.file}:${c.line}`;
}

/** `a` then the links of `b` that `a` does not have, in order. */
export function mergeConds(a: readonly KbuildCondition[], b: readonly KbuildCondition[]): readonly KbuildCondition[] {
  if (b.length === 0 || a === b) return a;
  if (a.length === 0) return b;
  const seen = new Set(a.map(condKey));
  const add = b.filter((c) => !seen.has(condKey(c)));
  return add.length === 0 ? a : [...a, ...add];
}

export function piecesText(pieces: readonly Piece[]): string {
  let s = "";
  for (const p of pieces) s += p.text;
  return s;
}

/** One piece holding all the text, the union of the conditions, unknown when any part is. */
export function collapse(pieces: readonly Piece[], extra: readonly KbuildCondition[] = NO_CONDS): Piece {
  let conds = extra;
  let unknown = false;
  let at: SourceRef | undefined;
  for (const p of pieces) {
    conds = mergeConds(conds, p.conds);
    unknown ||= p.unknown === true;
    at ??= p.at;
  }
  return { text: piecesText(pieces), conds, unknown, at };
}

export function isUnknown(pieces: readonly Piece[]): boolean {
  return pieces.some((p) => p.unknown);
}

/**
 * Splits on whitespace; a word takes the conditions of every piece that gave it a character. An
 * unknown piece that gives no character (`$(shell ...)` on its own) becomes an empty unknown word:
 * it stands for words the reader cannot know.
 */
export function splitWords(pieces: readonly Piece[]): Word[] {
  const words: Word[] = [];
  let cur: Word | null = null;
  let orphan: Piece | null = null; // an empty unknown piece not yet part of a word
  const closeOrphan = () => {
    if (orphan) words.push({ text: "", conds: orphan.conds, unknown: true, at: orphan.at });
    orphan = null;
  };
  for (const p of pieces) {
    if (p.text === "") {
      if (cur) {
        cur.conds = mergeConds(cur.conds, p.conds);
        cur.unknown ||= p.unknown === true;
      } else if (p.unknown) orphan = orphan ?? p;
      continue;
    }
    for (const part of p.text.split(/([ \t\n]+)/)) {
      if (part === "") continue;
      if (/^[ \t\n]/.test(part)) {
        closeOrphan();
        cur = null;
      } else if (cur === null) {
        cur = {
          text: part,
          conds: orphan ? mergeConds(orphan.conds, p.conds) : p.conds,
          unknown: p.unknown === true || orphan !== null,
          at: p.at ?? orphan?.at,
        };
        orphan = null;
        words.push(cur);
      } else {
        cur.text += part;
        cur.conds = mergeConds(cur.conds, p.conds);
        cur.unknown ||= p.unknown === true;
        cur.at ??= p.at;
      }
    }
  }
  closeOrphan();
  return words;
}

/** Words back to pieces, separated by single spaces. */
export function joinWords(words: readonly Word[]): Piece[] {
  const out: Piece[] = [];
  words.forEach((w, i) => {
    if (i > 0) out.push({ text: " ", conds: NO_CONDS });
    out.push({ text: w.text, conds: w.conds, unknown: w.unknown || undefined, at: w.at });
  });
  return out;
}

export function literal(text: string): Piece[] {
  return text === "" ? [] : [{ text, conds: NO_CONDS }];
}

export function withConds(pieces: readonly Piece[], conds: readonly KbuildCondition[]): Piece[] {
  if (conds.length === 0) return pieces as Piece[];
  return pieces.map((p) => ({ ...p, conds: mergeConds(conds, p.conds) }));
}

/** Without leading and trailing whitespace; empty pieces stay, for the conditions they carry. */
export function trimPieces(pieces: readonly Piece[]): Piece[] {
  const out = pieces.map((p) => ({ ...p }));
  for (const p of out) {
    p.text = p.text.trimStart();
    if (p.text !== "") break;
  }
  for (let i = out.length - 1; i >= 0; i--) {
    out[i].text = out[i].text.trimEnd();
    if (out[i].text !== "") break;
  }
  return out;
}
