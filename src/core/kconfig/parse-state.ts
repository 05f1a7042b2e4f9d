// What the Kconfig parser keeps while it reads: the entries so far, the open blocks (menu,
// if, choice), the entry whose attributes are being read, and the messages.

import type { Choice, ConfigEntry, Entry, Expr, KconfigMessage, KconfigSymbol, Location, Prompt } from "./model.js";

export interface Block {
  kind: "menu" | "if" | "choice";
  /** the entry that opened it; null when its first line was wrong (children hang on the parent) */
  entry: number | null;
  at: Location;
}

export class ParseState {
  readonly entries: Entry[] = [];
  readonly symbols = new Map<string, KconfigSymbol>();
  readonly choices: Choice[] = [];
  readonly namedChoices = new Map<string, number>();
  readonly stack: Block[] = [];
  /** the entry whose attribute lines follow; "skipped" when its first line was wrong */
  current: Entry | "skipped" | null = null;
  readonly errors: KconfigMessage[] = [];
  readonly warnings: KconfigMessage[] = [];
  readonly files: string[] = [];
  skippedEntries = 0;
  skippedAttributes = 0;
  mainmenu: string | null = null;
  modules: string | null = null;
  /** the enclosing menus' `visible if` of each prompt, for the model's finishing pass */
  readonly promptVisibility = new Map<Prompt, Expr | null>();
  /** where the statement being handled starts */
  file = "";
  line = 0;

  constructor(readonly env: Readonly<Record<string, string>>) {}

  at(): Location {
    return { file: this.file, line: this.line };
  }

  error(message: string, at: Location = this.at()): void {
    this.errors.push({ file: at.file, line: at.line, message });
  }

  warning(message: string, at: Location = this.at()): void {
    this.warnings.push({ file: at.file, line: at.line, message });
  }

  /** the entry new entries hang under */
  parentId(): number | null {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const e = this.stack[i].entry;
      if (e !== null) return e;
    }
    return null;
  }

  /** the choice new entries are members of */
  choiceIndex(): number | null {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const b = this.stack[i];
      if (b.kind === "choice" && b.entry !== null) {
        const e = this.entries[b.entry];
        return e.kind === "choice" ? e.choice : null;
      }
    }
    return null;
  }

  /** the enclosing menus' `visible if`, and-ed, innermost first (as the kernel adds them to prompts) */
  enclosingVisibility(): Expr[] {
    const out: Expr[] = [];
    for (let p = this.current && this.current !== "skipped" ? this.current.parent : this.parentId(); p !== null; p = this.entries[p].parent) {
      const e = this.entries[p];
      if (e.kind === "menu" && e.visibleIf) out.push(e.visibleIf);
    }
    return out;
  }

  symbol(name: string): KconfigSymbol {
    let s = this.symbols.get(name);
    if (!s) {
      s = { name, type: "unknown", definitions: [], selectedBy: [], impliedBy: [], choice: null };
      this.symbols.set(name, s);
    }
    return s;
  }

  /** where a new entry goes: its id, place and parent */
  entryPlace(): { id: number; at: Location; parent: number | null } {
    return { id: this.entries.length, at: this.at(), parent: this.parentId() };
  }

  addEntry<E extends Entry>(e: E): E {
    this.entries.push(e);
    return e;
  }

  /** the config entry attributes go to, or null (with the error said) when there is none */
  currentConfig(what: string): ConfigEntry | null {
    const e = this.current;
    if (e && e !== "skipped" && (e.kind === "config" || e.kind === "menuconfig")) return e;
    this.attributeError(`'${what}' is only valid in a config entry`);
    return null;
  }

  /** an attribute line that cannot be used: said, unless its entry was already dropped */
  attributeError(message: string): void {
    if (this.current === "skipped") return;
    this.error(message);
    this.skippedAttributes++;
  }
}
