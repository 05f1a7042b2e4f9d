// Kconfig's lexer, one statement at a time: words (with $(…) expanded where they stand),
// quoted strings, operators, `NAME op value` assignments, and help blocks, which end where
// the indentation does. Behaves as the kernel's scripts/kconfig/lexer.l does.

import { isUnknown, type MacroExpander } from "./macro.js";

/** what the lexer reads through: one file, and how far it got */
export interface LexFrame {
  file: string;
  text: string;
  pos: number;
  /** the line pos is on, 1-based */
  line: number;
}

export type TokenKind = "word" | "string" | "keyword" | "op" | "assign";

export interface Token {
  kind: TokenKind;
  /** a word's expanded text, a string's contents, the keyword or operator, an assignment's operator */
  value: string;
  /** as written in the file */
  raw: string;
  /** an assignment's raw value ("" for other tokens) */
  rhs: string;
  /** its value came through a $(shell,…): only the shell could tell it */
  unknown: boolean;
}

export interface Statement {
  line: number;
  tokens: Token[];
}

/** the kernel's keywords: they are keywords wherever they stand */
export const KEYWORDS = new Set([
  "bool",
  "choice",
  "comment",
  "config",
  "def_bool",
  "def_tristate",
  "default",
  "depends",
  "endchoice",
  "endif",
  "endmenu",
  "help",
  "hex",
  "if",
  "imply",
  "int",
  "mainmenu",
  "menu",
  "menuconfig",
  "modules",
  "on",
  "optional",
  "prompt",
  "range",
  "select",
  "source",
  "string",
  "tristate",
  "visible",
]);

const OPERATORS = ["||", "&&", "!=", "<=", ">=", ":=", "+=", "=", "<", ">", "!", "(", ")"];

function isNameChar(c: number): boolean {
  // [A-Za-z0-9_-]
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

export interface LexReport {
  warning(line: number, message: string): void;
}

/** The next statement of the frame (blank and comment lines skipped), or null at its end. */
export function lexStatement(f: LexFrame, macros: MacroExpander, report: LexReport): Statement | null {
  const text = f.text;
  while (f.pos < text.length) {
    const line = f.line;
    const tokens: Token[] = [];
    while (f.pos < text.length) {
      const c = text.charCodeAt(f.pos);
      if (c === 10) {
        f.pos++;
        f.line++;
        break;
      }
      if (c === 32 || c === 9 || c === 13) f.pos++;
      else if (c === 92 && text.charCodeAt(f.pos + 1) === 10) {
        f.pos += 2;
        f.line++;
      } else if (c === 35) {
        const eol = text.indexOf("\n", f.pos);
        f.pos = eol < 0 ? text.length : eol;
      } else if (c === 34 || c === 39) tokens.push(lexString(f, macros, report, line));
      else if (c === 36 || isNameChar(c)) {
        const t = lexWord(f, macros);
        if (t) tokens.push(t);
        if (t && tokens.length === 1) lexAssignment(f, tokens);
      } else if (!lexOperator(f, tokens)) {
        report.warning(f.line, `ignoring unsupported character '${text[f.pos]}'`);
        f.pos++;
      }
    }
    if (tokens.length > 0) return { line, tokens };
  }
  return null;
}

function lexOperator(f: LexFrame, tokens: Token[]): boolean {
  for (const op of OPERATORS) {
    if (f.text.startsWith(op, f.pos)) {
      tokens.push({ kind: "op", value: op, raw: op, rhs: "", unknown: false });
      f.pos += op.length;
      return true;
    }
  }
  return false;
}

/** After a statement's first word: `=`, `:=` or `+=` make the rest of the line a raw value. */
function lexAssignment(f: LexFrame, tokens: Token[]): void {
  if (tokens[0].kind !== "word") return;
  const text = f.text;
  let p = f.pos;
  while (text[p] === " " || text[p] === "\t") p++;
  const op = text.startsWith(":=", p) ? ":=" : text.startsWith("+=", p) ? "+=" : text[p] === "=" ? "=" : null;
  if (!op) return;
  p += op.length;
  while (text[p] === " " || text[p] === "\t") p++;
  const eol = text.indexOf("\n", p);
  const end = eol < 0 ? text.length : eol;
  tokens.push({ kind: "assign", value: op, raw: text.slice(f.pos, end), rhs: text.slice(p, end), unknown: false });
  f.pos = end;
}

/** A word: [A-Za-z0-9_-] and $(…) references; null when it expands to nothing. */
function lexWord(f: LexFrame, macros: MacroExpander): Token | null {
  const text = f.text;
  const start = f.pos;
  let value = "";
  let from = start;
  let dollar = false;
  while (f.pos < text.length) {
    const c = text.charCodeAt(f.pos);
    if (isNameChar(c)) f.pos++;
    else if (c === 36) {
      dollar = true;
      value += text.slice(from, f.pos);
      macros.line = f.line;
      const r = macros.expandDollar(text, f.pos + 1);
      value += r.value;
      f.pos = from = r.end;
    } else break;
  }
  if (!dollar) {
    const word = text.slice(start, f.pos);
    return { kind: KEYWORDS.has(word) ? "keyword" : "word", value: word, raw: word, rhs: "", unknown: false };
  }
  value += text.slice(from, f.pos);
  return value === "" ? null : { kind: "word", value, raw: text.slice(start, f.pos), rhs: "", unknown: isUnknown(value) };
}

function lexString(f: LexFrame, macros: MacroExpander, report: LexReport, line: number): Token {
  const text = f.text;
  const start = f.pos;
  const quote = text[f.pos++];
  let value = "";
  let dollar = false;
  while (f.pos < text.length) {
    const c = text[f.pos];
    if (c === quote) {
      f.pos++;
      break;
    }
    if (c === "\n") {
      report.warning(line, "multi-line strings not supported");
      break;
    }
    if (c === "\\") {
      f.pos++;
      if (f.pos < text.length && text[f.pos] !== "\n") value += text[f.pos++];
    } else if (c === "$") {
      dollar = true;
      macros.line = f.line;
      const r = macros.expandDollar(text, f.pos + 1);
      value += r.value;
      f.pos = r.end;
    } else {
      const run = plainRun(text, f.pos, quote);
      value += text.slice(f.pos, run);
      f.pos = run;
    }
  }
  return { kind: "string", value, raw: text.slice(start, f.pos), rhs: "", unknown: dollar && isUnknown(value) };
}

/** where the run of characters with no meaning inside a string ends */
function plainRun(text: string, from: number, quote: string): number {
  let p = from;
  for (; p < text.length; p++) {
    const c = text[p];
    if (c === quote || c === "\\" || c === "$" || c === "\n") break;
  }
  return p;
}

/**
 * The help text after a `help` line: its first line sets the indentation (tabs count to the
 * next multiple of 8); it ends before the first line indented less, or after a line that is
 * followed by one starting in column 0. Leaves the frame on the first line after it.
 */
export function readHelp(f: LexFrame): string {
  const text = f.text;
  const out: string[] = [];
  let firstTs = 0;
  let lastTs = 0;
  while (f.pos < text.length) {
    let p = f.pos;
    let ts = 0;
    for (; text[p] === " " || text[p] === "\t"; p++) ts = text[p] === "\t" ? (ts & ~7) + 8 : ts + 1;
    if (p >= text.length) {
      f.pos = p;
      break;
    }
    if (text[p] !== "\n") {
      if (p > f.pos) {
        lastTs = ts;
        if (firstTs && ts < firstTs) break;
        if (firstTs) out.push(" ".repeat(ts - firstTs));
      }
      const eol = text.indexOf("\n", p);
      const end = eol < 0 ? text.length : eol;
      let last = end;
      while (last > p && (text[last - 1] === " " || text[last - 1] === "\t" || text[last - 1] === "\r")) last--;
      out.push(text.slice(p, last));
      if (!firstTs) firstTs = lastTs;
      p = end;
      if (p >= text.length) {
        f.pos = p;
        break;
      }
    }
    // the newline at p
    f.pos = p + 1;
    f.line++;
    const next = text[f.pos];
    if (f.pos < text.length && next !== " " && next !== "\t" && next !== "\n") break;
    out.push("\n");
  }
  return out.join("");
}
