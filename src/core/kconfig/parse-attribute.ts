// The attribute lines of an entry: types and prompts, defaults, dependencies, select/imply,
// ranges, help, `visible if`, and the flags (modules, optional, transitional, option …).

import { and, conditionalDependency } from "./expr.js";
import type { ChoiceEntry, ConfigEntry, Default, Entry, Expr, SymbolFlag, SymbolType } from "./model.js";
import type { Token } from "./lexer.js";
import { ParseError, parseExpr, parseIfExpr, type TokenCursor, tokenToAtom } from "./parse-expr.js";
import type { ParseState } from "./parse-state.js";
import type { StatementAction } from "./parse-statement.js";
import { readSymbolName } from "./parse-statement.js";

const TYPES: Record<string, SymbolType> = { bool: "bool", tristate: "tristate", string: "string", int: "int", hex: "hex" };
/** attributes that are no keywords of the kernel's: words only where an attribute starts */
const WORD_ATTRIBUTES = new Set(["transitional", "allnoconfig_y", "defconfig_list", "option", "---help---"]);

type Handler = (st: ParseState, e: Entry, c: TokenCursor) => StatementAction;

const HANDLERS: Record<string, { kinds: Entry["kind"][]; handle: Handler }> = {
  bool: { kinds: ["config", "menuconfig", "choice"], handle: typeLine },
  tristate: { kinds: ["config", "menuconfig", "choice"], handle: typeLine },
  string: { kinds: ["config", "menuconfig"], handle: typeLine },
  int: { kinds: ["config", "menuconfig"], handle: typeLine },
  hex: { kinds: ["config", "menuconfig"], handle: typeLine },
  prompt: { kinds: ["config", "menuconfig", "choice"], handle: promptLine },
  default: { kinds: ["config", "menuconfig", "choice"], handle: defaultLine },
  def_bool: { kinds: ["config", "menuconfig"], handle: defaultLine },
  def_tristate: { kinds: ["config", "menuconfig"], handle: defaultLine },
  depends: { kinds: ["config", "menuconfig", "choice", "menu", "comment"], handle: dependsLine },
  select: { kinds: ["config", "menuconfig"], handle: selectLine },
  imply: { kinds: ["config", "menuconfig"], handle: selectLine },
  range: { kinds: ["config", "menuconfig"], handle: rangeLine },
  help: { kinds: ["config", "menuconfig", "choice"], handle: helpLine },
  "---help---": { kinds: ["config", "menuconfig", "choice"], handle: helpLine },
  visible: { kinds: ["menu"], handle: visibleLine },
  modules: { kinds: ["config", "menuconfig"], handle: flagLine },
  optional: { kinds: ["config", "menuconfig", "choice"], handle: flagLine },
  transitional: { kinds: ["config", "menuconfig"], handle: flagLine },
  allnoconfig_y: { kinds: ["config", "menuconfig"], handle: flagLine },
  defconfig_list: { kinds: ["config", "menuconfig"], handle: flagLine },
  option: { kinds: ["config", "menuconfig"], handle: optionLine },
};

function handlerOf(t: Token): (typeof HANDLERS)[string] | undefined {
  if (t.kind === "keyword") return HANDLERS[t.value];
  if (t.kind === "word" && t.value === t.raw && WORD_ATTRIBUTES.has(t.value)) return HANDLERS[t.value];
  return undefined;
}

export function handleAttribute(st: ParseState, c: TokenCursor): StatementAction {
  const t = c.next();
  if (!t) return null;
  const isHelp = t.kind === "keyword" ? t.value === "help" : t.raw === "---help---";
  const h = handlerOf(t);
  if (!h) {
    if (st.current === "skipped") return isHelp ? { kind: "help" } : null;
    st.error(t.kind === "word" ? `unknown statement "${t.raw}"` : "invalid statement");
    st.skippedAttributes++;
    return null;
  }
  const e = st.current;
  if (e === "skipped") return isHelp ? { kind: "help" } : null;
  if (!e || !h.kinds.includes(e.kind)) {
    st.attributeError(`'${t.value}' is not valid ${e ? `in a ${e.kind} entry` : "here: no entry takes it"}`);
    return isHelp ? { kind: "help" } : null;
  }
  try {
    return h.handle(st, e, c);
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    st.attributeError(`${t.value}: ${err.message}`);
    return null;
  }
}

/** bool/tristate/string/int/hex ["prompt" [if EXPR]] */
function typeLine(st: ParseState, e: Entry, c: TokenCursor): StatementAction {
  const type = TYPES[c.tokens[0].value];
  const entry = e as ConfigEntry | ChoiceEntry;
  if (!c.atEnd()) addPrompt(st, entry, c);
  setType(st, entry, type);
  return null;
}

function setType(st: ParseState, e: ConfigEntry | ChoiceEntry, type: SymbolType): void {
  if (e.type !== null && e.type !== type)
    st.warning(`ignoring type redefinition of '${e.kind === "choice" ? "<choice>" : e.symbol}' from '${e.type}' to '${type}'`);
  else e.type = type;
}

function promptLine(st: ParseState, e: Entry, c: TokenCursor): StatementAction {
  addPrompt(st, e as ConfigEntry | ChoiceEntry, c);
  return null;
}

function addPrompt(st: ParseState, e: ConfigEntry | ChoiceEntry, c: TokenCursor): void {
  const t = c.next();
  if (t?.kind !== "string") throw new ParseError(t ? `'${t.raw}' where a quoted prompt was expected` : "the prompt is missing");
  const condition = parseIfExpr(c);
  let text = t.unknown ? t.raw : t.value;
  if (/^\s/.test(text)) {
    st.warning("leading whitespace ignored");
    text = text.trimStart();
  }
  if (e.prompts.length > 0) st.warning("prompt redefined");
  const prompt = { text, condition, active: null, at: st.at() };
  st.promptVisibility.set(
    prompt,
    st.enclosingVisibility().reduce<Expr | null>((acc, v) => and(acc, v), null),
  );
  e.prompts.push(prompt);
}

/** default EXPR [if EXPR], def_bool …, def_tristate …; in a choice: default SYMBOL [if EXPR] */
function defaultLine(st: ParseState, e: Entry, c: TokenCursor): StatementAction {
  const keyword = c.tokens[0].value;
  if (c.atEnd()) throw new ParseError("the value is missing");
  const value: Expr = e.kind === "choice" ? { kind: "symbol", name: readSymbolName(c) } : parseExpr(c);
  const d: Default = { value, condition: parseIfExpr(c), active: null, at: st.at() };
  (e as ConfigEntry | ChoiceEntry).defaults.push(d);
  if (keyword !== "default") setType(st, e as ConfigEntry, keyword === "def_bool" ? "bool" : "tristate");
  return null;
}

/** depends on EXPR [if EXPR] (the `if` since Linux 7.x) */
function dependsLine(st: ParseState, e: Entry, c: TokenCursor): StatementAction {
  if (!c.accept("on")) throw new ParseError("'depends' must be followed by 'on'");
  if (c.atEnd()) throw new ParseError("the expression is missing");
  const dep = parseExpr(c);
  e.dependsOn = and(e.dependsOn, conditionalDependency(dep, parseIfExpr(c)));
  return null;
}

function selectLine(st: ParseState, e: Entry, c: TokenCursor): StatementAction {
  const keyword = c.tokens[0].value;
  const target = readSymbolName(c);
  const p = { target, condition: parseIfExpr(c), active: null, at: st.at() };
  const entry = e as ConfigEntry;
  (keyword === "select" ? entry.selects : entry.implies).push(p);
  return null;
}

function rangeLine(st: ParseState, e: Entry, c: TokenCursor): StatementAction {
  const low = tokenToAtom(c.next());
  const high = tokenToAtom(c.next());
  (e as ConfigEntry).ranges.push({ low, high, condition: parseIfExpr(c), active: null, at: st.at() });
  return null;
}

function helpLine(_st: ParseState, _e: Entry, c: TokenCursor): StatementAction {
  c.expectEnd();
  return { kind: "help" };
}

/** visible [if EXPR] */
function visibleLine(_st: ParseState, e: Entry, c: TokenCursor): StatementAction {
  const cond = parseIfExpr(c);
  if (e.kind === "menu") e.visibleIf = and(e.visibleIf, cond);
  return null;
}

function flagLine(st: ParseState, e: Entry, c: TokenCursor): StatementAction {
  c.expectEnd();
  addFlag(st, e as ConfigEntry | ChoiceEntry, c.tokens[0].value as SymbolFlag);
  return null;
}

function addFlag(st: ParseState, e: ConfigEntry | ChoiceEntry, flag: SymbolFlag): void {
  if (e.kind === "choice") {
    e.optional = true;
    return;
  }
  if (flag === "modules") {
    if (st.modules !== null && st.modules !== e.symbol) st.error(`symbol '${e.symbol}' redefines option 'modules' already defined by symbol '${st.modules}'`);
    st.modules ??= e.symbol;
  }
  if (!e.flags.includes(flag)) e.flags.push(flag);
}

/** the old `option` lines: modules, defconfig_list, allnoconfig_y, env="VAR" */
function optionLine(st: ParseState, e: Entry, c: TokenCursor): StatementAction {
  const entry = e as ConfigEntry;
  const t = c.next();
  if (t?.kind === "keyword" && t.value === "modules") addFlag(st, entry, "modules");
  else if (t?.kind === "word" && (t.value === "defconfig_list" || t.value === "allnoconfig_y")) addFlag(st, entry, t.value);
  else if (t?.kind === "word" && t.value === "env" && c.accept("=")) {
    const v = c.next();
    if (v?.kind !== "string") throw new ParseError("env= needs a quoted variable name");
    entry.defaults.push({ value: { kind: "const", value: st.env[v.value] ?? "" }, condition: null, active: null, at: st.at() });
  } else {
    st.warning(`ignoring unknown option ${t?.raw ?? ""}`);
    return null;
  }
  c.expectEnd();
  return null;
}
