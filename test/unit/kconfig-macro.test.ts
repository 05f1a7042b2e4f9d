import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MacroExpander, UNKNOWN } from "../../src/core/kconfig/macro.js";

function expander(env: Record<string, string> = {}) {
  const said: string[] = [];
  const m = new MacroExpander(env, { error: (s) => said.push(`error: ${s}`), warning: (s) => said.push(`warning: ${s}`) });
  return { m, said };
}

describe("Kconfig's macro language", () => {
  test("simple variables expand once, recursive ones at each use, += keeps the flavour", () => {
    const { m } = expander();
    m.assign("X", ":=", "1");
    m.assign("S", ":=", "$(X)");
    m.assign("R", "=", "$(X)");
    m.assign("X", ":=", "2");
    m.assign("S", "+=", "$(X)");
    m.assign("R", "+=", "$(X)");
    m.assign("NEW", "+=", "$(X)");
    m.assign("X", ":=", "3");
    assert.equal(m.expand("$(S)|$(R)|$(NEW)"), "1 2|3 3|3");
  });

  test("user functions take $(1)…, commas split arguments and keep spaces, environment variables fill in", () => {
    const { m } = expander({ ARCH: "x86_64" });
    m.assign("greet", "=", "$(1), my name is $(2) on $(ARCH).");
    assert.equal(m.expand("$(greet,Hello, Kconfig)"), "Hello, my name is  Kconfig on x86_64.");
    assert.equal(m.expand("$(UNDEFINED)[$]$x"), "[$]$x");
  });

  test("the shell cannot run here: its result is unknown, and stays so through functions", () => {
    const { m, said } = expander({ CC: "gcc" });
    m.assign("success", "=", "$(shell,$(1) && echo y || echo n)");
    m.assign("cc-option", "=", "$(success,$(CC) $(1))");
    const v = m.expand("-$(cc-option,-mfoo)-");
    assert.equal(v, `-${UNKNOWN}-`);
    assert.equal(m.expand("$(error-if,$(success,false),stop)"), "");
    assert.equal(m.expand("$($(shell,echo NAME))"), UNKNOWN);
    assert.deepEqual(said, []);
  });

  test("info, warning-if and error-if report; filename and lineno say where", () => {
    const { m, said } = expander();
    m.file = "arch/x86/Kconfig";
    m.line = 7;
    assert.equal(m.expand("$(info,hi)$(warning-if,y,careful)$(warning-if,n,quiet)$(error-if,y,stop)$(filename):$(lineno)"), "arch/x86/Kconfig:7");
    assert.deepEqual(said, ["warning: hi", "warning: careful", "error: stop"]);
  });

  test("mistakes are said and expand to nothing", () => {
    const { m, said } = expander();
    m.assign("X", "=", "$(Y)");
    m.assign("Y", "=", "$(X)");
    assert.equal(m.expand("$(X)"), "");
    assert.equal(m.expand("$(info,a,b)"), "");
    assert.equal(m.expand("$(filename,x)"), "");
    assert.equal(m.expand("$(shell"), "");
    assert.equal(m.expand(`$(f${",x".repeat(16)})`), "");
    assert.deepEqual(said, [
      "error: Recursive variable 'X' references itself (eventually)",
      "error: too many function arguments passed to 'info'",
      "error: too many function arguments passed to 'filename'",
      "error: unterminated reference to 'shell': missing ')'",
      "error: too many function arguments",
    ]);
  });

  test("names an object's prototype has are nothing special", () => {
    const { m, said } = expander();
    assert.equal(m.expand("[$(toString)$(constructor,x)$(__proto__)]"), "[]");
    assert.deepEqual(said, []);
  });
});
