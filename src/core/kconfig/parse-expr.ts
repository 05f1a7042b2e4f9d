// Kconfig expressions from a statement's tokens: `||` binds loosest, then `&&`, then `!`;
// comparisons (=, !=, <, <=, >, >=) stand between two operands, as in the kernel's parser.y.

import type { Atom, CompareOp, Expr } from "./model.js";
import type { Token } from "./lexer.js";

export class ParseError extends Error {}

const COMPARE = new Set(["=", "!=", "<", "<=", ">", ">="]);

/** A cursor over one statement's tokens. */
export class TokenCursor {
  pos = 0;
  constructor(readonly tokens: Token[]) {}

  peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  next(): Token | undefined {
    return this.tokens[this.pos++];
  }

  /** consumes the token if it is this keyword or operator */
  accept(value: string): boolean {
    const t = this.tokens[this.pos];
    if (t && (t.kind === "keyword" || t.kind === "op") && t.value === value) {
      this.pos++;
      return true;
    }
    return false;
  }

  expectEnd(): void {
    const t = this.peek();
    if (t) throw new ParseError(`unexpected '${t.raw}'`);
  }
}

/** A word or a quoted string as an operand. */
export function tokenToAtom(t: Token | undefined): Atom {
  if (!t || (t.kind !== "word" && t.kind !== "string"))
    throw new ParseError(t ? `unexpected '${t.raw}' where a symbol or value was expected` : "a symbol or value is missing at the end");
  if (t.unknown) return { kind: "unknown", text: t.raw };
  const v = t.value;
  if (t.kind === "string" || v === "y" || v === "m" || v === "n") return { kind: "const", value: v };
  return { kind: "symbol", name: v };
}

export function parseExpr(c: TokenCursor): Expr {
  let e = parseAnd(c);
  while (c.accept("||")) e = { kind: "or", left: e, right: parseAnd(c) };
  return e;
}

function parseAnd(c: TokenCursor): Expr {
  let e = parseUnary(c);
  while (c.accept("&&")) e = { kind: "and", left: e, right: parseUnary(c) };
  return e;
}

function parseUnary(c: TokenCursor): Expr {
  if (c.accept("!")) return { kind: "not", operand: parseUnary(c) };
  if (c.accept("(")) {
    const e = parseExpr(c);
    if (!c.accept(")")) throw new ParseError(c.atEnd() ? "missing ')'" : `unexpected '${c.peek()?.raw}' where ')' was expected`);
    return e;
  }
  const left = tokenToAtom(c.next());
  const op = c.peek();
  if (op?.kind === "op" && COMPARE.has(op.value)) {
    c.next();
    return { kind: "compare", op: op.value as CompareOp, left, right: tokenToAtom(c.next()) };
  }
  return left;
}

/** `if EXPR` at the end of an attribute, or nothing. */
export function parseIfExpr(c: TokenCursor): Expr | null {
  if (!c.accept("if")) {
    c.expectEnd();
    return null;
  }
  const e = parseExpr(c);
  c.expectEnd();
  return e;
}
