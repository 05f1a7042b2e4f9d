// The Kconfig model: what kbloat's reader makes of a kernel tree's Kconfig files, as the
// kernel's own scripts/kconfig makes it. A symbol may be defined in several places; each
// definition keeps its own prompts, defaults, selects and the dependencies of the blocks
// (`if`, `menu`, `choice`) around it, already propagated as the kernel propagates them.

export type SymbolType = "bool" | "tristate" | "string" | "int" | "hex" | "unknown";

/** where something is written: a path relative to the source tree (or absolute), 1-based line */
export interface Location {
  file: string;
  line: number;
}

export type CompareOp = "=" | "!=" | "<" | "<=" | ">" | ">=";

/**
 * An operand. `symbol` is an unquoted word (a defined symbol, or an undefined one such as
 * a number: it is `n`, and its string value is its name). `const` is a quoted string or one
 * of y/m/n. `unknown` is a macro whose value needs the shell (`$(cc-option,…)`); `text` is
 * what the file says.
 */
export type Atom = { kind: "symbol"; name: string } | { kind: "const"; value: string } | { kind: "unknown"; text: string };

export type Expr =
  Atom | { kind: "not"; operand: Expr } | { kind: "and" | "or"; left: Expr; right: Expr } | { kind: "compare"; op: CompareOp; left: Atom; right: Atom };

/**
 * A property with an optional `if`. `condition` is the `if` as written; `active` is when the
 * property applies: the entry's full dependency && the condition (for prompts also the
 * enclosing menus' `visible if`), with `m` read as `m && MODULES`. null means always.
 */
export interface Conditional {
  condition: Expr | null;
  active: Expr | null;
  at: Location;
}

export interface Prompt extends Conditional {
  text: string;
}

export interface Default extends Conditional {
  value: Expr;
}

/** `select`/`imply` TARGET [if …] */
export interface SelectProperty extends Conditional {
  target: string;
}

export interface RangeProperty extends Conditional {
  low: Atom;
  high: Atom;
}

interface EntryBase {
  /** index in KconfigModel.entries */
  id: number;
  at: Location;
  /** the enclosing menu, if or choice entry */
  parent: number | null;
  /** this entry's own `depends on` lines (an `if` entry: its condition), and-ed */
  dependsOn: Expr | null;
  /** the full dependency: the parent's && dependsOn (with `m` read as `m && MODULES`) */
  dependency: Expr | null;
}

export type SymbolFlag = "modules" | "transitional" | "optional" | "allnoconfig_y" | "defconfig_list";

export interface ConfigEntry extends EntryBase {
  kind: "config" | "menuconfig";
  symbol: string;
  /** the type written here (`bool`, `def_tristate`, …), if any */
  type: SymbolType | null;
  prompts: Prompt[];
  defaults: Default[];
  selects: SelectProperty[];
  implies: SelectProperty[];
  ranges: RangeProperty[];
  help: string | null;
  /** the choice this definition sits in */
  choice: number | null;
  flags: SymbolFlag[];
}

export interface ChoiceEntry extends EntryBase {
  kind: "choice";
  choice: number;
  type: SymbolType | null;
  prompts: Prompt[];
  /** `default SYMBOL [if …]`: value is always a symbol */
  defaults: Default[];
  help: string | null;
  optional: boolean;
}

export interface MenuEntry extends EntryBase {
  kind: "menu";
  title: string;
  /** this menu's own `visible if` lines, and-ed */
  visibleIf: Expr | null;
}

export interface CommentEntry extends EntryBase {
  kind: "comment";
  title: string;
}

export interface IfEntry extends EntryBase {
  kind: "if";
}

export type Entry = ConfigEntry | ChoiceEntry | MenuEntry | CommentEntry | IfEntry;

/** one `select`/`imply` of a symbol, seen from the symbol it selects */
export interface ReverseDependency {
  /** the selecting symbol */
  by: string;
  /** the select's own `if`, as written */
  condition: Expr | null;
  /** when the select applies (the selector's definition's dependency && its `if`) */
  active: Expr | null;
  at: Location;
}

export interface KconfigSymbol {
  name: string;
  /** the first type any definition gives it, as the kernel keeps it */
  type: SymbolType;
  /** every `config`/`menuconfig` of this name, in the order read */
  definitions: ConfigEntry[];
  selectedBy: ReverseDependency[];
  impliedBy: ReverseDependency[];
  /** the choice it is a member of */
  choice: number | null;
}

export interface Choice {
  index: number;
  /** named choices (before 6.9) can be defined in several places */
  name: string | null;
  type: SymbolType;
  optional: boolean;
  definitions: ChoiceEntry[];
  /** member symbols, in the order first defined */
  members: string[];
}

export interface KconfigModel {
  mainmenu: string | null;
  /** defined symbols by name */
  symbols: Map<string, KconfigSymbol>;
  choices: Choice[];
  /** every entry in file order (the menu tree through `parent`) */
  entries: Entry[];
  /** the symbol marked `modules`: `m` in a dependency means `m && it` */
  modules: string | null;
  /** names used in expressions, selects or implies that no `config` defines */
  referenced: Set<string>;
  /** every file read, in order */
  files: string[];
}

export interface KconfigMessage {
  file: string;
  line: number;
  message: string;
}

export interface KconfigReadResult {
  model: KconfigModel;
  /** `file:line: message`, in the order found; reading went on after each */
  errors: KconfigMessage[];
  /** the kernel's warnings, and `$(info,…)`/`$(warning-if,…)` output */
  warnings: KconfigMessage[];
  /** entries dropped because their first line was wrong (their attributes went with them) */
  skippedEntries: number;
  /** attribute lines dropped because they were wrong, or in the wrong place */
  skippedAttributes: number;
}

export function formatKconfigMessage(m: KconfigMessage): string {
  return `${m.file}:${m.line}: ${m.message}`;
}
