// The statements of a kbuild Makefile: assignments, conditional blocks (as a tree), includes and
// exports. Rules and their recipes are skipped: they build files, they do not list objects.

import type { KbuildProblem, SourceRef } from "./kbuild-types.js";

export type AssignOp = "=" | ":=" | "::=" | ":::=" | "+=" | "?=" | "!=";
export type IfDirective = "ifeq" | "ifneq" | "ifdef" | "ifndef";

export type MakeStatement =
  | { kind: "assign"; at: SourceRef; lhs: string; op: AssignOp; rhs: string; exported: boolean }
  | { kind: "if"; at: SourceRef; branches: IfBranch[]; otherwise: MakeStatement[] | null }
  | { kind: "include"; at: SourceRef; paths: string; optional: boolean }
  | { kind: "export"; at: SourceRef; names: string; unexport: boolean };

export interface IfBranch {
  at: SourceRef;
  directive: IfDirective;
  /** the text after the directive: `($(CONFIG_X),y)` or `CONFIG_X` */
  args: string;
  body: MakeStatement[];
}

export interface ParsedMakefile {
  statements: MakeStatement[];
  problems: KbuildProblem[];
}

interface LogicalLine {
  line: number;
  /** continuations joined, not yet stripped of its comment */
  raw: string;
}

/** Joins backslash-continued lines: the backslash, the newline and the whitespace around them become one space. */
function logicalLines(text: string): LogicalLine[] {
  const lines = text.split(/\r?\n/);
  const out: LogicalLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    let raw = lines[i];
    while (endsWithContinuation(raw) && i + 1 < lines.length) {
      raw = `${raw.slice(0, -1).trimEnd()} ${lines[++i].trimStart()}`;
    }
    if (endsWithContinuation(raw)) raw = raw.slice(0, -1);
    out.push({ line, raw });
  }
  return out;
}

function endsWithContinuation(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === "\\"; i--) n++;
  return n % 2 === 1;
}

/** Removes a comment: `#` outside a variable reference, unless escaped as `\#` (which becomes `#`). */
export function stripComment(raw: string): string {
  if (!raw.includes("#")) return raw;
  let out = "";
  let depth = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === "\\" && raw[i + 1] === "#") {
      out += "#";
      i++;
    } else if (c === "#" && depth === 0) {
      break;
    } else {
      if (c === "$" && (raw[i + 1] === "(" || raw[i + 1] === "{")) {
        depth++;
        out += c + raw[i + 1];
        i++;
        continue;
      }
      if ((c === ")" || c === "}") && depth > 0) depth--;
      out += c;
    }
  }
  return out;
}

type Split = { kind: "assign"; lhs: string; op: AssignOp; rhs: string } | { kind: "rule" } | { kind: "none" };

/** Tells an assignment (`a := b`, `a += b`) from a rule (`a: b`) by the first `=` or `:` outside `$(...)`. */
export function splitAssignment(text: string): Split {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "$" && (text[i + 1] === "(" || text[i + 1] === "{")) {
      depth++;
      i++;
    } else if ((c === ")" || c === "}") && depth > 0) depth--;
    else if (depth === 0 && c === "=") {
      const prev = text[i - 1];
      const op = (prev === "+" || prev === "?" || prev === "!" ? `${prev}=` : "=") as AssignOp;
      return { kind: "assign", lhs: text.slice(0, i - (op.length - 1)).trim(), op, rhs: text.slice(i + 1).trim() };
    } else if (depth === 0 && c === ":") {
      for (const op of [":::=", "::=", ":="] as const) {
        if (text.startsWith(op, i)) return { kind: "assign", lhs: text.slice(0, i).trim(), op, rhs: text.slice(i + op.length).trim() };
      }
      return { kind: "rule" };
    }
  }
  return { kind: "none" };
}

const CONDITIONAL = /^(ifeq|ifneq|ifdef|ifndef)(?=[\s(]|$)\s*(.*)$/;

interface Frame {
  stmt: Extract<MakeStatement, { kind: "if" }>;
  /** where statements go now: the current branch's body or the else body */
  target: MakeStatement[];
  closedElse: boolean;
}

interface Parser {
  top: MakeStatement[];
  frames: Frame[];
  problems: KbuildProblem[];
}

const bodyOf = (p: Parser) => (p.frames.length ? p.frames[p.frames.length - 1].target : p.top);

/** `ifeq`/`ifdef`/..., `else [if...]` and `endif`: true when the line was one of them. */
function conditionalLine(p: Parser, text: string, at: SourceRef): boolean {
  const cond = CONDITIONAL.exec(text);
  if (cond) {
    const stmt: MakeStatement = { kind: "if", at, branches: [{ at, directive: cond[1] as IfDirective, args: cond[2].trim(), body: [] }], otherwise: null };
    bodyOf(p).push(stmt);
    p.frames.push({ stmt, target: stmt.branches[0].body, closedElse: false });
    return true;
  }
  if (/^else(\s|$)/.test(text)) {
    const frame = p.frames[p.frames.length - 1];
    const again = CONDITIONAL.exec(text.slice(4).trim());
    if (!frame || frame.closedElse) {
      p.problems.push({ file: at.file, line: at.line, message: "`else` without a matching `if`" });
    } else if (again) {
      const branch: IfBranch = { at, directive: again[1] as IfDirective, args: again[2].trim(), body: [] };
      frame.stmt.branches.push(branch);
      frame.target = branch.body;
    } else {
      frame.stmt.otherwise = [];
      frame.target = frame.stmt.otherwise;
      frame.closedElse = true;
    }
    return true;
  }
  if (/^endif(\s|$)/.test(text)) {
    if (!p.frames.pop()) p.problems.push({ file: at.file, line: at.line, message: "`endif` without a matching `if`" });
    return true;
  }
  return false;
}

/** Parses a Makefile's text into statements; problems (an `endif` too many or too few) are reported, not thrown. */
export function parseMakeStatements(text: string, file: string): ParsedMakefile {
  const p: Parser = { top: [], frames: [], problems: [] };
  const lines = logicalLines(text);
  let inRule = false;
  for (let i = 0; i < lines.length; i++) {
    const { line, raw } = lines[i];
    if (inRule && raw.startsWith("\t")) continue; // a recipe line
    const stripped = stripComment(raw).trim();
    if (stripped === "") continue;
    const at: SourceRef = { file, line, text: stripped };
    if (conditionalLine(p, stripped, at)) continue;
    if (/^((export|override|private)\s+)?define(\s|$)/.test(stripped)) {
      i = skipDefine(lines, i, bodyOf(p), at);
      inRule = false;
      continue;
    }
    const stmt = parseSimple(stripped, at);
    inRule = stmt === "rule";
    if (stmt && stmt !== "rule") bodyOf(p).push(stmt);
  }
  for (const f of p.frames) p.problems.push({ file, line: f.stmt.at.line, message: `\`${f.stmt.branches[0].directive}\` without a matching \`endif\`` });
  return { statements: p.top, problems: p.problems };
}

/** `define NAME` … `endef`: the body becomes a recursively expanded variable. Returns the index of `endef`. */
function skipDefine(lines: LogicalLine[], start: number, into: MakeStatement[], at: SourceRef): number {
  const head = at.text
    .replace(/^(export|override|private)\s+/, "")
    .slice("define".length)
    .trim();
  const m = /^(.*?)\s*(=|:=|::=|\+=|\?=)?$/.exec(head);
  const name = m?.[1] ?? head;
  const op = (m?.[2] ?? "=") as AssignOp;
  const bodyLines: string[] = [];
  let depth = 1;
  let i = start + 1;
  for (; i < lines.length; i++) {
    const t = lines[i].raw.trim();
    if (/^(\S+\s+)?define(\s|$)/.test(t)) depth++;
    if (/^endef(\s|$)/.test(t) && --depth === 0) break;
    bodyLines.push(lines[i].raw);
  }
  into.push({
    kind: "assign",
    at,
    lhs: name,
    op: op === ":=" || op === "::=" ? op : op === "+=" ? "+=" : op === "?=" ? "?=" : "=",
    rhs: bodyLines.join("\n"),
    exported: /^export\s/.test(at.text),
  });
  return i;
}

function parseSimple(text: string, at: SourceRef): MakeStatement | "rule" | null {
  const inc = /^(-include|sinclude|include)\s+(.*)$/.exec(text);
  if (inc) return { kind: "include", at, paths: inc[2], optional: inc[1] !== "include" };
  let rest = text;
  let exported = false;
  for (;;) {
    const kw = /^(export|override|private)(\s+|$)/.exec(rest);
    if (!kw) break;
    if (kw[1] === "export") exported = true;
    rest = rest.slice(kw[0].length);
  }
  const unexport = /^unexport(\s+|$)/.exec(rest);
  if (unexport) return { kind: "export", at, names: rest.slice(unexport[0].length), unexport: true };
  if (/^(undefine|vpath)(\s|$)/.test(rest)) return null;
  const split = splitAssignment(rest);
  if (split.kind === "assign") return { kind: "assign", at, lhs: split.lhs, op: split.op, rhs: split.rhs, exported };
  if (split.kind === "rule") return "rule";
  if (exported) return { kind: "export", at, names: rest, unexport: false };
  return null; // a bare function call such as $(eval ...) or $(info ...)
}
