// Kconfig's macro language (Documentation/kbuild/kconfig-macro-language.rst): variables
// (`X := …` simple, `X = …` recursive, `X += …`), user functions with $(1)…, environment
// variables, and the built-in functions. What needs the shell ($(shell,…), and so every
// $(cc-option,…), $(success,…) built on it) cannot run here: it expands to UNKNOWN, a
// character no Kconfig file holds, which sticks to every string it is pasted into.

/** Marks a value that only the shell could tell. */
export const UNKNOWN = "\u0000";

export function isUnknown(s: string): boolean {
  return s.includes(UNKNOWN);
}

export interface MacroReport {
  error(message: string): void;
  warning(message: string): void;
}

interface Variable {
  value: string;
  recursive: boolean;
  expanding: number;
}

const MAX_ARGS = 16;

const BUILTINS: Record<string, [min: number, max: number]> = {
  "error-if": [2, 2],
  filename: [0, 0],
  info: [1, 1],
  lineno: [0, 0],
  shell: [1, 1],
  "warning-if": [2, 2],
};

export class MacroExpander {
  /** where the text being expanded is, for $(filename) and $(lineno) */
  file = "";
  line = 0;
  private readonly vars = new Map<string, Variable>();

  constructor(
    private readonly env: Readonly<Record<string, string>>,
    private readonly report: MacroReport,
  ) {}

  /** `name op value`, where value is the raw text after the operator */
  assign(name: string, op: "=" | ":=" | "+=", raw: string): void {
    const v = this.vars.get(name);
    const recursive = op === "+=" ? (v ? v.recursive : true) : op === "=";
    const value = recursive ? raw : this.expand(raw);
    if (v && op === "+=") v.value = `${v.value} ${value}`;
    else if (v) {
      v.value = value;
      v.recursive = recursive;
    } else this.vars.set(name, { value, recursive, expanding: 0 });
  }

  /** Expands every $(…) in s. */
  expand(s: string, args: string[] = []): string {
    if (!s.includes("$")) return s;
    let out = "";
    let from = 0;
    for (let i = s.indexOf("$"); i >= 0; i = s.indexOf("$", from)) {
      out += s.slice(from, i);
      const r = this.expandDollar(s, i + 1, args);
      out += r.value;
      from = r.end;
    }
    return out + s.slice(from);
  }

  /**
   * Expands the reference whose `$` is just before `at`: `$(…)` up to its closing parenthesis
   * on the same line, or a lone `$`. Returns the value and where the text goes on.
   */
  expandDollar(s: string, at: number, args: string[] = []): { value: string; end: number } {
    if (s[at] !== "(") return { value: "$", end: at };
    let nest = 0;
    for (let q = at + 1; q < s.length; q++) {
      const c = s[q];
      if (c === "\n") break;
      if (c === "(") nest++;
      else if (c === ")" && nest-- === 0) return { value: this.evalClause(s.slice(at + 1, q), args), end: q + 1 };
    }
    const eol = s.indexOf("\n", at);
    const end = eol < 0 ? s.length : eol;
    this.report.error(`unterminated reference to '${s.slice(at + 1, end)}': missing ')'`);
    return { value: "", end };
  }

  private evalClause(clause: string, args: string[]): string {
    if (/^[0-9]+$/.test(clause)) {
      const n = Number(clause);
      if (n > 0 && n <= args.length) return args[n - 1];
    }
    const parts = splitArgs(clause);
    if (parts.length > MAX_ARGS) {
      this.report.error("too many function arguments");
      return "";
    }
    const name = this.expand(parts[0], args);
    const callArgs = parts.slice(1).map((p) => this.expand(p, args));
    if (isUnknown(name)) return UNKNOWN;
    const v = this.vars.get(name);
    if (v) return this.expandVariable(name, v, callArgs);
    if (Object.hasOwn(BUILTINS, name)) return this.callBuiltin(name, callArgs);
    if (callArgs.length === 0 && name !== "" && Object.hasOwn(this.env, name)) return this.env[name];
    return "";
  }

  private expandVariable(name: string, v: Variable, args: string[]): string {
    if (args.length === 0 && v.expanding > 0) {
      this.report.error(`Recursive variable '${name}' references itself (eventually)`);
      return "";
    }
    if (v.expanding > 1000) {
      this.report.error("Too deep recursive expansion");
      return "";
    }
    if (!v.recursive) return v.value;
    v.expanding++;
    try {
      return this.expand(v.value, args);
    } finally {
      v.expanding--;
    }
  }

  private callBuiltin(name: string, args: string[]): string {
    const [min, max] = BUILTINS[name];
    if (args.length < min || args.length > max) {
      this.report.error(`too ${args.length < min ? "few" : "many"} function arguments passed to '${name}'`);
      return "";
    }
    switch (name) {
      case "shell":
        return UNKNOWN;
      case "info":
        this.report.warning(printable(args[0]));
        return "";
      case "warning-if":
        if (args[0] === "y") this.report.warning(printable(args[1]));
        return "";
      case "error-if":
        if (args[0] === "y") this.report.error(printable(args[1]));
        return "";
      case "filename":
        return this.file;
      default:
        return String(this.line);
    }
  }
}

/** Splits `name,arg1,arg2` at the commas outside parentheses. */
function splitArgs(clause: string): string[] {
  const parts: string[] = [];
  let nest = 0;
  let from = 0;
  for (let i = 0; i < clause.length; i++) {
    const c = clause[i];
    if (c === "(") nest++;
    else if (c === ")") nest--;
    else if (c === "," && nest === 0) {
      parts.push(clause.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(clause.slice(from));
  return parts;
}

function printable(s: string): string {
  return s.replaceAll(UNKNOWN, "$(shell,…)");
}
