// Kconfig's entry lines: config, menuconfig, choice, comment, menu, if, their end lines,
// source (and kconfiglib's rsource/osource/orsource), mainmenu and variable assignments.
// Anything else is an attribute of the entry before it (parse-attribute.ts).

import { isGlob } from "./glob.js";
import type { MacroExpander } from "./macro.js";
import type { ChoiceEntry, CommentEntry, ConfigEntry, IfEntry, MenuEntry } from "./model.js";
import type { Statement, Token } from "./lexer.js";
import { ParseError, parseExpr, TokenCursor } from "./parse-expr.js";
import type { Block, ParseState } from "./parse-state.js";
import { handleAttribute } from "./parse-attribute.js";

export interface SourceRequest {
  kind: "source";
  /** relative to the source tree (or absolute) */
  path: string;
  glob: boolean;
  optional: boolean;
}

/** what the reader does after a statement: read a help text, read files, or go on */
export type StatementAction = { kind: "help" } | SourceRequest | null;

export interface FrameInfo {
  file: string;
  /** how many blocks were open when this file began: only the ones above are its own */
  baseDepth: number;
}

const SOURCES: Record<string, { relative: boolean; optional: boolean }> = {
  source: { relative: false, optional: false },
  rsource: { relative: true, optional: false },
  osource: { relative: false, optional: true },
  orsource: { relative: true, optional: true },
};

const ENTRY_KEYWORDS = new Set(["config", "menuconfig", "choice", "endchoice", "comment", "menu", "endmenu", "if", "endif", "source", "mainmenu"]);

function isEntryLine(tokens: Token[]): boolean {
  const t = tokens[0];
  if (t.kind === "keyword") return ENTRY_KEYWORDS.has(t.value);
  return t.kind === "word" && t.value === t.raw && Object.hasOwn(SOURCES, t.value) && tokens[1]?.kind === "string";
}

export function handleStatement(st: ParseState, macros: MacroExpander, stmt: Statement, frame: FrameInfo): StatementAction {
  const tokens = stmt.tokens;
  if (tokens[1]?.kind === "assign") {
    st.current = null;
    macros.assign(tokens[0].value, tokens[1].value as "=" | ":=" | "+=", tokens[1].rhs);
    return null;
  }
  if (!isEntryLine(tokens)) return handleAttribute(st, new TokenCursor(tokens));
  st.current = null;
  const c = new TokenCursor(tokens);
  const word = c.next() as Token;
  try {
    switch (word.value) {
      case "config":
      case "menuconfig":
        startConfig(st, word.value, c);
        return null;
      case "choice":
        startChoice(st, c);
        return null;
      case "comment":
        st.current = st.addEntry<CommentEntry>({ kind: "comment", ...st.entryPlace(), dependsOn: null, dependency: null, title: readTitle(c) });
        return null;
      case "menu":
        startMenu(st, c);
        return null;
      case "if":
        startIf(st, c);
        return null;
      case "endmenu":
      case "endchoice":
      case "endif":
        endBlock(st, word.value.slice(3) as Block["kind"], frame);
        if (!c.atEnd()) st.error(`unexpected '${c.peek()?.raw}' after '${word.value}'`);
        return null;
      case "mainmenu": {
        const title = readTitle(c);
        st.mainmenu ??= title;
        return null;
      }
      default:
        return sourceRequest(st, word.value, c, frame);
    }
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    st.error(`${word.value}: ${e.message}`);
    st.skippedEntries++;
    if (word.value === "config" || word.value === "menuconfig" || word.value === "comment") st.current = "skipped";
    if (word.value === "if" || word.value === "menu" || word.value === "choice") {
      st.stack.push({ kind: word.value, entry: null, at: st.at() });
      st.current = "skipped";
    }
    return null;
  }
}

/** a quoted title and nothing after it */
function readTitle(c: TokenCursor): string {
  const t = c.next();
  if (t?.kind !== "string") throw new ParseError("a quoted text is missing");
  c.expectEnd();
  return t.unknown ? t.raw : t.value;
}

/** a symbol name: a plain word, not quoted, not y/m/n, not made by the shell */
export function readSymbolName(c: TokenCursor): string {
  const t = c.next();
  if (!t || t.kind !== "word") throw new ParseError(t ? `'${t.raw}' is not a symbol name` : "a symbol name is missing");
  if (t.unknown) throw new ParseError(`the symbol name '${t.raw}' needs the shell to be known`);
  if (t.value === "y" || t.value === "m" || t.value === "n") throw new ParseError(`'${t.value}' is a constant, not a symbol name`);
  return t.value;
}

function startConfig(st: ParseState, kind: "config" | "menuconfig", c: TokenCursor): void {
  const name = readSymbolName(c);
  c.expectEnd();
  const choice = st.choiceIndex();
  const entry = st.addEntry<ConfigEntry>({
    kind,
    ...st.entryPlace(),
    dependsOn: null,
    dependency: null,
    symbol: name,
    type: null,
    prompts: [],
    defaults: [],
    selects: [],
    implies: [],
    ranges: [],
    help: null,
    choice,
    flags: [],
  });
  const sym = st.symbol(name);
  sym.definitions.push(entry);
  if (choice !== null) {
    const members = st.choices[choice].members;
    if (!members.includes(name)) members.push(name);
    sym.choice ??= choice;
  }
  st.current = entry;
}

function startChoice(st: ParseState, c: TokenCursor): void {
  const name = c.atEnd() ? null : readSymbolName(c);
  c.expectEnd();
  if (st.choiceIndex() !== null) st.error("a choice cannot be inside a choice");
  let index = name === null ? undefined : st.namedChoices.get(name);
  if (index === undefined) {
    index = st.choices.length;
    st.choices.push({ index, name, type: "unknown", optional: false, definitions: [], members: [] });
    if (name !== null) st.namedChoices.set(name, index);
  }
  const entry = st.addEntry<ChoiceEntry>({
    kind: "choice",
    ...st.entryPlace(),
    dependsOn: null,
    dependency: null,
    choice: index,
    type: null,
    prompts: [],
    defaults: [],
    help: null,
    optional: false,
  });
  st.choices[index].definitions.push(entry);
  st.stack.push({ kind: "choice", entry: entry.id, at: entry.at });
  st.current = entry;
}

function startMenu(st: ParseState, c: TokenCursor): void {
  const title = readTitle(c);
  if (st.choiceIndex() !== null) st.error("a menu cannot be inside a choice");
  const entry = st.addEntry<MenuEntry>({ kind: "menu", ...st.entryPlace(), dependsOn: null, dependency: null, title, visibleIf: null });
  st.stack.push({ kind: "menu", entry: entry.id, at: entry.at });
  st.current = entry;
}

function startIf(st: ParseState, c: TokenCursor): void {
  if (c.atEnd()) throw new ParseError("an expression is missing");
  const cond = parseExpr(c);
  c.expectEnd();
  const entry = st.addEntry<IfEntry>({ kind: "if", ...st.entryPlace(), dependsOn: cond, dependency: null });
  st.stack.push({ kind: "if", entry: entry.id, at: entry.at });
}

function endBlock(st: ParseState, kind: Block["kind"], frame: FrameInfo): void {
  const stack = st.stack;
  if (stack.length <= frame.baseDepth) {
    const open = stack[stack.length - 1];
    if (!open) st.error(`'end${kind}' without '${kind}'`);
    else st.error(`'end${kind}' in different file than '${open.kind}' (${open.at.file}:${open.at.line})`);
    return;
  }
  const top = stack[stack.length - 1];
  if (top.kind === kind) {
    stack.pop();
    return;
  }
  st.error(`unexpected 'end${kind}' within ${top.kind} block`);
  for (let i = stack.length - 2; i >= frame.baseDepth; i--) {
    if (stack[i].kind !== kind) continue;
    for (let j = stack.length - 1; j > i; j--) st.error("missing end statement for this entry", stack[j].at);
    stack.length = i;
    return;
  }
}

function sourceRequest(st: ParseState, keyword: string, c: TokenCursor, frame: FrameInfo): SourceRequest | null {
  const how = SOURCES[keyword];
  const t = c.next();
  if (t?.kind !== "string") throw new ParseError("needs a quoted path");
  c.expectEnd();
  if (t.unknown) {
    st.error(`${keyword}: the path ${t.raw} needs the shell to be known`);
    return null;
  }
  const dir = frame.file.includes("/") ? frame.file.slice(0, frame.file.lastIndexOf("/")) : "";
  const path = how.relative && !t.value.startsWith("/") ? joinPath(dir, t.value) : t.value;
  return { kind: "source", path, glob: isGlob(path), optional: how.optional };
}

/** dir/rel with `.` and `..` folded, as POSIX paths */
export function joinPath(dir: string, rel: string): string {
  const out: string[] = [];
  for (const part of `${dir}/${rel}`.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(part);
  }
  return (dir.startsWith("/") ? "/" : "") + out.join("/");
}
