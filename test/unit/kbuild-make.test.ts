// The pieces of the Kbuild reader: Makefile statements, make's expansion and functions, conditions
// carried by words, .config values, and bytes per option.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parseMakeConfigValues } from "../../src/core/kbuild/make-config-values.js";
import type { KbuildCondition, KbuildTree } from "../../src/core/kbuild/kbuild-types.js";
import { type EvalState, evaluateStatements, ifeqOperands, listsObjects, newSharedState, normalizePath } from "../../src/core/kbuild/make-evaluate.js";
import { expand } from "../../src/core/kbuild/make-expand.js";
import { type MakeStatement, parseMakeStatements, splitAssignment, stripComment } from "../../src/core/kbuild/make-statements.js";
import { piecesText, splitWords } from "../../src/core/kbuild/make-words.js";
import { checkOptionRollupSums, computeOptionRollup, innermostOption, UNCONDITIONAL } from "../../src/core/kbuild/option-rollup.js";
import { renderKbuildChain } from "../../src/core/kbuild/render-kbuild-tree.js";
import { UNATTRIBUTED } from "../../src/core/rollup.js";

/** Runs a Makefile (no includes) and returns an expander over its variables. */
function run(text: string, config: Record<string, string> = {}) {
  const state: EvalState = { vars: new Map(), config: new Map(Object.entries(config)), exported: new Set(), pinned: new Set(), shared: newSharedState() };
  const walk = evaluateStatements(parseMakeStatements(text, "Makefile").statements, state, []);
  assert.equal(walk.next().done, true, "no includes asked for");
  const scope = { vars: state.vars, config: state.config, at: { file: "Makefile", line: 99, text: "(test)" }, locals: null, expanding: new Set<string>() };
  return {
    state,
    text: (expr: string) =>
      splitWords(expand(expr, scope))
        .map((w) => w.text)
        .join(" "),
    words: (expr: string) => splitWords(expand(expr, scope)).map((w) => `${w.text}${w.unknown ? "?" : ""} ${renderKbuildChain(w.conds)}`),
  };
}

const kinds = (stmts: MakeStatement[]) => stmts.map((s) => (s.kind === "assign" ? `${s.lhs} ${s.op} ${s.rhs}` : s.kind));

describe("parseMakeStatements", () => {
  test("joins continuations, strips comments, keeps assignments and skips rules with their recipes", () => {
    const text = [
      "obj-y := a.o \\",
      "\t b.o   # two",
      "x = 1 \\# not a comment",
      "$(obj)/a.o: $(obj)/gen.h",
      "\tobj-y += recipe.o",
      "",
      "\t# still the recipe",
      "\tobj-y += recipe2.o",
      "obj-y += c.o",
      "\tobj-y += tabbed.o",
    ].join("\n");
    const { statements, problems } = parseMakeStatements(text, "k/Makefile");
    assert.deepEqual(kinds(statements), ["obj-y := a.o b.o", "x = 1 # not a comment", "obj-y += c.o", "obj-y += tabbed.o"]);
    assert.deepEqual(statements[0].at, { file: "k/Makefile", line: 1, text: "obj-y := a.o b.o" });
    assert.equal(statements[2].at.line, 9);
    assert.deepEqual(problems, []);
  });

  test("conditionals nest, `else ifeq` continues a chain, and unbalanced ones are problems", () => {
    const text = [
      "ifdef CONFIG_A",
      "a := 1",
      "else ifeq ($(CONFIG_B),y)",
      "ifndef CONFIG_C",
      "c := 1",
      "endif",
      "else",
      "d := 1",
      "endif",
      "endif",
      "ifeq (x,y)",
    ].join("\n");
    const { statements, problems } = parseMakeStatements(text, "M");
    const s = statements[0];
    assert.equal(s.kind, "if");
    if (s.kind !== "if") return;
    assert.deepEqual(
      s.branches.map((b) => [b.directive, b.args, b.body.length]),
      [
        ["ifdef", "CONFIG_A", 1],
        ["ifeq", "($(CONFIG_B),y)", 1],
      ],
    );
    assert.deepEqual(kinds(s.otherwise ?? []), ["d := 1"]);
    assert.deepEqual(problems, [
      { file: "M", line: 10, message: "`endif` without a matching `if`" },
      { file: "M", line: 11, message: "`ifeq` without a matching `endif`" },
    ]);
  });

  test("define blocks become variables; export, override and includes are read", () => {
    const text = [
      "define body",
      "obj-y += inside.o",
      "endef",
      "export BITS := 64",
      "override x += y",
      "export A B",
      "unexport C",
      "-include $(src)/x.mk",
      "include a.mk b.mk",
    ].join("\n");
    const { statements } = parseMakeStatements(text, "M");
    assert.deepEqual(kinds(statements), ["body = obj-y += inside.o", "BITS := 64", "x += y", "export", "export", "include", "include"]);
    assert.deepEqual(
      statements.map((s) => (s.kind === "assign" ? s.exported : s.kind === "include" ? s.optional : s.kind === "export" ? s.unexport : null)),
      [false, true, false, false, true, true, false],
    );
  });

  test("splitAssignment tells assignments from rules by the first = or : outside $(...)", () => {
    assert.deepEqual(splitAssignment("obj-$(if $(A),y) += x.o"), { kind: "assign", lhs: "obj-$(if $(A),y)", op: "+=", rhs: "x.o" });
    assert.deepEqual(splitAssignment("a ::= b"), { kind: "assign", lhs: "a", op: "::=", rhs: "b" });
    assert.deepEqual(splitAssignment("a ?= $(b:.o=.c)"), { kind: "assign", lhs: "a", op: "?=", rhs: "$(b:.o=.c)" });
    assert.deepEqual(splitAssignment("$(obj)/x.o: CFLAGS := -O2"), { kind: "rule" });
    assert.deepEqual(splitAssignment("$(eval $(call x,a=b))"), { kind: "none" });
  });

  test("stripComment keeps # inside references and escaped", () => {
    assert.equal(stripComment("a := $(subst #,x,y) # c"), "a := $(subst #,x,y) ");
    assert.equal(stripComment("pound := \\#"), "pound := #");
  });
});

describe("expansion", () => {
  test("variables: simple, recursive, +=, ?=, substitution references, $$", () => {
    const m = run(["a := x.o", "r = $(later)", "later := late.o", "a += y.o", "q ?= first", "q ?= second", "s := $(a:.o=.c) $(a:%.o=%.S) $$HOME"].join("\n"));
    assert.equal(m.text("$(a) ${r} $(q)"), "x.o y.o late.o first");
    assert.equal(m.text("$(s)"), "x.c y.c x.S y.S $HOME");
  });

  test("text and word functions", () => {
    const m = run(["l := b.o a.o b.o dir/c.S", "f = $(1)-$(2).o"].join("\n"));
    const cases: [string, string][] = [
      ["$(sort $(l))", "a.o b.o dir/c.S"],
      ["$(filter %.o,$(l))", "b.o a.o b.o"],
      ["$(filter-out a.o %.S,$(l))", "b.o b.o"],
      ["$(patsubst %.o,%.c,$(l))", "b.c a.c b.c dir/c.S"],
      ["$(addprefix x/,$(l))", "x/b.o x/a.o x/b.o x/dir/c.S"],
      ["$(addsuffix .cmd,a b)", "a.cmd b.cmd"],
      ["$(subst .o,.c,$(l))", "b.c a.c b.c dir/c.S"],
      ["$(notdir $(l)) $(dir dir/c.S a.o)", "b.o a.o b.o c.S dir/ ./"],
      ["$(basename $(l)) $(suffix $(l))", "b a b dir/c .o .o .o .S"],
      ["$(words $(l)) $(word 2,$(l)) $(firstword $(l)) $(lastword $(l)) $(wordlist 2,3,$(l))", "4 a.o b.o dir/c.S a.o b.o"],
      ["$(strip   a   b  ) $(findstring b.o,$(l))", "a b b.o"],
      ["$(foreach x,1 2,n$(x).o)", "n1.o n2.o"],
      ["$(call f,a,b) $(if ,yes,no) $(if x,yes) $(or ,,z) $(and a,b)", "a-b.o no yes z b"],
      ["$(space)$(comma)", ""],
    ];
    for (const [expr, want] of cases) assert.equal(m.text(expr), want, expr);
  });

  test("CONFIG_ references become conditions that words keep, word by word", () => {
    const m = run(
      [
        "obj-y :=",
        "obj-$(CONFIG_A) += a.o",
        "obj-$(CONFIG_B) += b.o",
        "obj-y += $(addprefix p/,$(objs-y))",
        "objs-$(CONFIG_A) += x.o",
        "obj-$(subst m,y,$(CONFIG_M)) += m.o",
      ].join("\n"),
      { A: "y", M: "m" },
    );
    assert.deepEqual(m.words("$(obj-y)"), ["a.o CONFIG_A=y@Makefile:2", "m.o CONFIG_M=m@Makefile:6"]);
    assert.deepEqual(m.words("$(addprefix p/,$(objs-y))"), ["p/x.o CONFIG_A=y@Makefile:5"]);
  });

  test("what needs the shell, the compiler or the file system is unknown", () => {
    const m = run("", {});
    assert.deepEqual(m.words("$(shell uname)x.o $(call cc-option,-O2) $(wildcard *.c) $(LLVM) $(if $(LLVM),a.o,b.o)"), ["x.o? -", "? -", "? -", "? -", "? -"]);
    // echo of what the shell would expand, or echo's options, is the shell's business too
    assert.deepEqual(m.words("$(shell echo $$HOME) $(shell echo *.c) $(shell echo -n a) $(shell echo a\\b) $(shell echo 'open)"), [
      "? -",
      "? -",
      "? -",
      "? -",
      "? -",
    ]);
  });

  test("$(shell echo WORDS) of plain words is those words, unquoted (5.10's usr/Makefile on a Kconfig string)", () => {
    const m = run("ramfs-input := $(strip $(shell echo $(CONFIG_INITRAMFS_SOURCE)))\nobj-$(shell echo $(CONFIG_A)) += a.o", { INITRAMFS_SOURCE: '""', A: "y" });
    assert.equal(m.text("[$(ramfs-input)]"), "[]");
    assert.deepEqual(m.words("$(obj-y)"), ["a.o CONFIG_A=y@Makefile:2"]);
    assert.deepEqual(m.words(`$(shell echo "usr/a  list" 'b' c)`), ["usr/a -", "list -", "b -", "c -"]);
    assert.deepEqual(m.words("$(foo-y) $(lower_case_unset) $(if $(CONFIG_X),x.o)"), []);
  });
});

/** What GNU make prints for `$(info ...)` of each expression after the given Makefile text. */
function gnuMake(text: string, exprs: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "kbloat-make-"));
  const body = [text, ...exprs.map((e, i) => `$(info ${i}:${e})`), "all:", "\t@:", ""].join("\n");
  writeFileSync(join(dir, "Makefile"), body);
  const r = spawnSync("make", ["-s", "-f", join(dir, "Makefile")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout
    .split("\n")
    .filter((l) => /^\d+:/.test(l))
    .map((l) => l.replace(/^\d+:/, ""));
}

const HAS_MAKE = spawnSync("make", ["--version"]).status === 0;

describe("against GNU make itself", { skip: HAS_MAKE ? false : "make is not installed" }, () => {
  const text = [
    "f = [$(1)][$(2)]",
    "l := a.o b.o c.S",
    "CONFIG_A := y",
    "CONFIG_M := m",
    "obj-y :=",
    "obj-$(CONFIG_A) += a.o",
    "obj-$(subst m,y,$(CONFIG_M)) += m.o",
    "obj-$(CONFIG_N) += n.o",
    "ifeq ($(CONFIG_A), y)",
    "obj-y += eq.o",
    "endif",
    "ifeq ( $(CONFIG_A),y)",
    "obj-y += lead.o",
    "endif",
    "ifneq ($(CONFIG_N),)",
    "obj-y += n2.o",
    "else ifdef CONFIG_M",
    "obj-y += m2.o",
    "endif",
    "r = $(late)",
    "obj-y += $(r)",
    "late := late.o",
    "parts-y := $(addprefix sub/,x.o y.o)",
    "obj-y += $(parts-y:.o=.o)",
  ].join("\n");
  const exprs = [
    "$(patsubst %.o, %.c, a.o b.o)",
    "$(patsubst %.o,%.c , a.o)",
    "$(addprefix x/ , a b)",
    "$(addsuffix  .c,a b)",
    "$(filter %.o , a.o b.c)",
    "$(if  , yes , no )|",
    "$(if x, yes , no )|",
    "$(subst  a , b ,xa a)|",
    "$(word 2, a b c)",
    "$(strip  a  b )|",
    "$(or , , x )|",
    "$(and a , b )|",
    "$(foreach v, a b ,<$(v)>)|",
    "$(call f, a , b )|",
    "$(notdir a/b.c c)",
    "$(basename a/b.c.d x)",
    "$(suffix a/b.c x)",
    "$(dir a/b c)",
    "$(sort b a  b)",
    "$(findstring a, xay)|",
    "$(wordlist 2, 3, a b c d)",
    "$(firstword  a b)|",
    "$(l:.o=.c)",
    "$(l:%.o=x/%.c)",
    "$(obj-y)",
    "$$(not expanded)",
    `$(shell echo  "x  y"   'z' w "")|`,
    `$(shell echo "")|`,
    "$(shell echo $(CONFIG_A) a.o)",
  ];

  test("expansion and conditionals give what make gives, byte for byte", () => {
    const m = run(text);
    const scope = { vars: m.state.vars, config: m.state.config, at: { file: "Makefile", line: 0, text: "" }, locals: null, expanding: new Set<string>() };
    assert.deepEqual(
      exprs.map((e) => piecesText(expand(e, scope))),
      gnuMake(text, exprs),
    );
  });
});

describe("conditionals", () => {
  test("ifeq's operand forms", () => {
    assert.deepEqual(ifeqOperands("($(CONFIG_X),y)"), ["$(CONFIG_X)", "y"]);
    assert.deepEqual(ifeqOperands("($(filter a,b), )"), ["$(filter a,b)", ""]);
    assert.deepEqual(ifeqOperands("( a , b )"), [" a", "b "]);
    assert.deepEqual(ifeqOperands('"$(A)" "y"'), ["$(A)", "y"]);
    assert.deepEqual(ifeqOperands("'a' 'b'"), ["a", "b"]);
    assert.equal(ifeqOperands("garbage"), null);
  });

  test("a decided block gives its objects the symbols it tested; an undecided one keeps every branch", () => {
    const m = run(
      ["obj-y :=", "ifneq ($(CONFIG_SMP),y)", "obj-y += up.o", "endif", "ifeq ($(LLVM),1)", "obj-y += llvm.o", "else", "obj-y += gcc.o", "endif"].join("\n"),
    );
    assert.deepEqual(m.words("$(obj-y)"), ["up.o !CONFIG_SMP@Makefile:2", "llvm.o ?@Makefile:5", "gcc.o ?@Makefile:5"]);
    assert.deepEqual(
      [...m.state.shared.unevaluable.values()].map((u) => [u.ref.line, u.relevant]),
      [[5, true]],
    );
  });

  test("which assignments list objects", () => {
    for (const lhs of [
      "obj-y",
      "obj-$(CONFIG_X)",
      "lib-y",
      "core-y",
      "drivers-$(CONFIG_PCI)",
      "foo-objs",
      "foo-y",
      "foo-$(CONFIG_X)",
      "VDSO64-$(CONFIG_X86_64)",
    ])
      assert.ok(listsObjects(lhs), lhs);
    for (const lhs of ["ccflags-y", "subdir-ccflags-$(CONFIG_X)", "CFLAGS_foo.o", "always-y", "targets", "extra-y", "hostprogs", "KBUILD_CFLAGS", "asflags-y"])
      assert.ok(!listsObjects(lhs), lhs);
  });

  test("normalizePath resolves . and .. inside the tree only", () => {
    assert.equal(normalizePath("./arch/x86/../x86/lib"), "arch/x86/lib");
    assert.equal(normalizePath("a/./b//c.o"), "a/b/c.o");
    assert.equal(normalizePath("../outside"), null);
  });
});

describe("parseDotConfig", () => {
  test("values as make sees them; n and `is not set` are absent", () => {
    const c = parseMakeConfigValues('CONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\nCONFIG_D="x y"\nCONFIG_E=0x10\nCONFIG_F=n\r\n# comment\n');
    assert.deepEqual(
      [...c],
      [
        ["A", "y"],
        ["B", "m"],
        ["D", '"x y"'],
        ["E", "0x10"],
      ],
    );
  });
});

describe("bytes per option", () => {
  const at = { file: "k/Makefile", line: 1, text: "" };
  const on = (symbol: string): KbuildCondition => ({ kind: "config", symbol, value: "y", enabled: true, ...at });
  const off = (symbol: string): KbuildCondition => ({ kind: "config", symbol, value: "", enabled: false, ...at });
  const tree: KbuildTree = {
    objects: [
      { path: "k/a.o", kind: "obj", chain: [on("A"), on("B")], listed: at },
      { path: "k/b.o", kind: "obj", chain: [on("A"), off("C")], listed: at },
      { path: "k/c.o", kind: "obj", chain: [], listed: at },
    ],
    directories: [],
    unevaluated: [],
    unevaluatedWithoutObjects: [],
    problems: [],
    filesRead: 0,
  };

  test("the innermost enabled option brings an object in; none means [obj-y]", () => {
    assert.deepEqual(
      tree.objects.map((o) => innermostOption(o.chain)),
      ["CONFIG_B", "CONFIG_A", UNCONDITIONAL],
    );
  });

  test("rows add up to the objects, unfound ones in [unattributed], and list their objects", () => {
    const objects = [
      { path: "k/a.o", text: 10, data: 1, bss: 0 },
      { path: "k/b.o", text: 5, data: 0, bss: 5 },
      { path: "k/c.o", text: 1, data: 0, bss: 0 },
      { path: "k/gone.o", text: 0, data: 7, bss: 0 },
      { path: "k/also-a.o", text: 0, data: 0, bss: 0 },
    ];
    const rows = computeOptionRollup(objects, tree);
    checkOptionRollupSums(rows, objects);
    assert.deepEqual(
      rows.map((r) => [r.name, r.size, r.objects]),
      [
        ["CONFIG_B", 11, ["k/a.o"]],
        ["CONFIG_A", 10, ["k/b.o"]],
        [UNCONDITIONAL, 1, ["k/c.o"]],
        [UNATTRIBUTED, 7, ["k/gone.o", "k/also-a.o"]],
      ],
    );
  });

  test("checkOptionRollupSums names what is wrong", () => {
    const objects = [{ path: "k/a.o", text: 10, data: 0, bss: 0 }];
    const rows = computeOptionRollup(objects, tree);
    assert.throws(() => checkOptionRollupSums([{ ...rows[0], objects: [] }], objects), /no option row lists k\/a.o|not the sum/);
    assert.throws(() => checkOptionRollupSums([{ ...rows[0], text: 9, size: 9 }], objects), /text column sums to 9/);
  });
});
