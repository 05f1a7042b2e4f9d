import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseDotConfig } from "../../src/core/kconfig/dot-config.js";
import { hi, KconfigEvaluator, lo, parseNumber } from "../../src/core/kconfig/evaluate.js";
import type { Expr } from "../../src/core/kconfig/model.js";
import { parseKconfigFiles } from "../../src/core/kconfig/parse-kconfig.js";
import { computeSymbolStatus } from "../../src/core/kconfig/symbol-status.js";

const TREE = `
config MODULES
	bool "modules"
	modules
config Y1
	bool "y1"
config M1
	tristate "m1"
config N1
	tristate "n1"
config NUM
	int "num"
config BIG
	hex "big"
config NAME
	string "name"
config CHECK
	bool "check"
	depends on $EXPR
`;

/** the dependency of CHECK, written as EXPR, evaluated under the .config lines */
function evalDep(expr: string, config: string[]): [number, number] {
  const r = parseKconfigFiles(new Map([["Kconfig", TREE.replace("$EXPR", expr)]]), { env: {} });
  assert.deepEqual(r.errors, []);
  const ev = new KconfigEvaluator(r.model, parseDotConfig(config.join("\n")));
  const dep = r.model.symbols.get("CHECK")?.definitions[0].dependency as Expr;
  const v = ev.eval(dep);
  return [lo(v), hi(v)];
}

const base = ["CONFIG_MODULES=y", "CONFIG_Y1=y", "CONFIG_M1=m", "# CONFIG_N1 is not set", "CONFIG_NUM=12", "CONFIG_BIG=0xff", 'CONFIG_NAME="abc"'];

describe("Kconfig expressions under a .config", () => {
  const cases: [string, number][] = [
    ["Y1 && M1", 1],
    ["Y1 || N1", 2],
    ["M1 || N1", 1],
    ["!M1", 1],
    ["!Y1", 0],
    ["!(Y1 && !N1)", 0],
    ["M1 = m", 2],
    ["M1 != y", 2],
    ["M1 < Y1", 2],
    ["NUM > 9", 2],
    ["NUM >= 12 && NUM <= 12", 2],
    ["NUM < 9", 0],
    ["BIG = 255", 2],
    ["BIG = 0x100", 0],
    ["BIG > 0x10", 2],
    ["BIG = 0xFF", 2],
    ['NAME = "abc"', 2],
    ['NAME < "abd"', 2],
    ["UNDEFINED", 0],
    ["UNDEFINED = UNDEFINED", 2],
    ['UNDEFINED = "UNDEFINED"', 2],
    ["m", 1],
    ["y && m", 1],
  ];
  for (const [expr, want] of cases) {
    test(`${expr} is ${"nmy"[want]}`, () => assert.deepEqual(evalDep(expr, base), [want, want]));
  }

  test("m in a dependency is m && MODULES: n while modules are off", () => {
    assert.deepEqual(evalDep("m", ["# CONFIG_MODULES is not set"]), [0, 0]);
    assert.deepEqual(evalDep("M1 = m", ["# CONFIG_MODULES is not set", "CONFIG_M1=m"]), [2, 2]);
  });

  test("a macro that needs the shell is unknown, and so is what depends on it", () => {
    assert.deepEqual(evalDep("$(shell,true)", base), [0, 2]);
    assert.deepEqual(evalDep("$(shell,true) && M1", base), [0, 1]);
    assert.deepEqual(evalDep("$(shell,true) || Y1", base), [2, 2]);
    assert.deepEqual(evalDep("!$(shell,true)", base), [0, 2]);
    assert.deepEqual(evalDep("$(shell,true) && N1", base), [0, 0]);
  });

  test("ints, hex and strings left out of the .config take the type's empty value", () => {
    assert.deepEqual(evalDep('NUM = 0 && BIG = 0 && NAME = ""', ["CONFIG_MODULES=y"]), [2, 2]);
  });
});

describe("parseNumber reads values as the kernel's comparisons do", () => {
  test("by type", () => {
    assert.deepEqual(parseNumber("m", "tristate"), { value: 1n, unsigned: false });
    assert.deepEqual(parseNumber("x", "bool"), { value: -1n, unsigned: false });
    assert.deepEqual(parseNumber("-12", "int"), { value: -12n, unsigned: false });
    assert.equal(parseNumber("0x10", "int"), null);
    assert.deepEqual(parseNumber("10", "hex"), { value: 16n, unsigned: true });
    assert.deepEqual(parseNumber("0x10", "unknown"), { value: 16n, unsigned: false });
    assert.deepEqual(parseNumber("010", "unknown"), { value: 8n, unsigned: false });
    assert.equal(parseNumber("08", "unknown"), null);
    assert.equal(parseNumber("", "unknown"), null);
    assert.equal(parseNumber("12abc", "string"), null);
  });
});

describe("a symbol's status", () => {
  const tree = `
config MODULES
	bool "modules"
	modules
config DRV
	tristate "drv"
config BOOL_ON_DRV
	bool "on drv"
	depends on DRV
config SEL
	bool "sel"
	select TARGET
config TARGET
	tristate "target"
	depends on DRV
`;
  const status = (name: string, config: string[]) => {
    const r = parseKconfigFiles(new Map([["Kconfig", tree]]), { env: {} });
    const ev = new KconfigEvaluator(r.model, parseDotConfig(config.join("\n")));
    return computeSymbolStatus(ev, r.model.symbols.get(name) as NonNullable<ReturnType<typeof r.model.symbols.get>>);
  };

  test("a bool whose dependency is m is visible up to y", () => {
    const s = status("BOOL_ON_DRV", ["CONFIG_MODULES=y", "CONFIG_DRV=m"]);
    assert.deepEqual([lo(s.visible), lo(s.dirDep)], [2, 2]);
  });

  test("a tristate whose dependency is m is visible up to m, and a y select still forces y", () => {
    const s = status("TARGET", ["CONFIG_MODULES=y", "CONFIG_DRV=m", "CONFIG_SEL=y"]);
    assert.deepEqual([lo(s.visible), lo(s.revDep), s.selects.map((t) => t.by)], [1, 2, ["SEL"]]);
  });

  test("with modules off a tristate is a bool: m rises to y", () => {
    const s = status("TARGET", ["# CONFIG_MODULES is not set", "CONFIG_DRV=y"]);
    assert.deepEqual([s.type, lo(s.visible)], ["bool", 2]);
  });
});
