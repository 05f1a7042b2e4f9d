// The modularization verdicts and the summary that sums to the objects' bytes.

import assert from "node:assert/strict";
import { test } from "node:test";
import type { BuiltinExplanation } from "../../src/core/kconfig/explain-builtins.js";
import { checkModularizationSums, computeModularization, groupBySelector, planTarget } from "../../src/core/modularization.js";
import type { RollupRow } from "../../src/core/rollup.js";

const at = { file: "Kconfig", line: 1 };
const explain = (
  symbol: string,
  type: "bool" | "tristate",
  prompt: boolean,
  canBeModule: boolean,
  reasons: BuiltinExplanation["reasons"],
): BuiltinExplanation => ({
  symbol,
  type,
  value: "y",
  prompt,
  canBeModule,
  reasons,
  definedAt: [at],
});
const row = (name: string, size: number, objects: string[] = []): RollupRow & { objects: string[] } => ({ name, text: size, data: 0, bss: 0, size, objects });

const explanations = [
  explain("EXT4_FS", "tristate", true, true, [{ kind: "user" }]),
  explain("BLOCK", "bool", true, false, [{ kind: "user" }]),
  explain("CRC32", "tristate", false, false, [
    { kind: "selected", by: [{ symbol: "EXT4_FS", at, condition: null }], chain: ["CRC32", "EXT4_FS"], roots: ["EXT4_FS"] },
  ]),
  explain("MMU", "bool", false, false, [{ kind: "no-prompt", default: { at, value: "y" }, impliedBy: [], unlockedBy: [] }]),
  explain("CPU_SUP_INTEL", "bool", false, false, [
    { kind: "no-prompt", default: { at, value: "y" }, impliedBy: [], unlockedBy: ["PROCESSOR_SELECT", "EXPERT"] },
  ]),
  explain("CPU_SUP_AMD", "bool", false, false, [{ kind: "no-prompt", default: { at, value: "y" }, impliedBy: [], unlockedBy: ["PROCESSOR_SELECT"] }]),
  explain("NO_OBJECTS", "bool", true, false, [{ kind: "user" }]),
  explain("UNWINDER_GUESS", "bool", true, false, [{ kind: "choice", choice: at, members: ["UNWINDER_ORC", "UNWINDER_GUESS"] }]),
];
const rows = [
  row("[obj-y]", 1000),
  row("CONFIG_EXT4_FS", 400),
  row("CONFIG_BLOCK", 300),
  row("CONFIG_CRC32", 50),
  row("CONFIG_MMU", 200),
  row("CONFIG_CPU_SUP_INTEL", 90, ["arch/x86/kernel/cpu/intel.o"]),
  row("CONFIG_UNKNOWN", 7),
  row("[unattributed]", 3),
];

test("each =y option gets its verdict, largest first", () => {
  const r = computeModularization(explanations, rows, 1960, (e) => `${e.symbol} because`);
  assert.deepEqual(
    r.options.map((o) => [o.symbol, o.bytes, o.verdict]),
    [
      ["EXT4_FS", 400, "module-now"],
      ["BLOCK", 300, "bool-to-tristate"],
      ["MMU", 200, "core"],
      ["CPU_SUP_INTEL", 90, "hidden-prompt"],
      ["CRC32", 50, "forced-by-select"],
      ["CPU_SUP_AMD", 0, "setting"],
      ["NO_OBJECTS", 0, "setting"],
      ["UNWINDER_GUESS", 0, "core"],
    ],
  );
  const intel = r.options.find((o) => o.symbol === "CPU_SUP_INTEL");
  assert.deepEqual([intel?.unlockedBy, intel?.objects], [["PROCESSOR_SELECT", "EXPERT"], ["arch/x86/kernel/cpu/intel.o"]]);
  // a setting names nothing to unlock: no bytes would move
  assert.deepEqual(r.options.find((o) => o.symbol === "CPU_SUP_AMD")?.unlockedBy, []);
  assert.deepEqual(r.options.find((o) => o.symbol === "CRC32")?.selectedBy, ["EXT4_FS"]);
  assert.equal(r.options[0].reason, "EXT4_FS because");
});

test("the summary's parts add up to the objects' bytes", () => {
  const r = computeModularization(explanations, rows, 2050, () => "");
  assert.deepEqual(r.summary, {
    kernelProper: 2050,
    couldLeave: 400,
    boolToTristate: 300,
    hiddenPrompt: 90,
    forcedBySelect: 50,
    core: 1200,
    unconditional: 1000,
    unattributed: 3,
    unexplained: 7,
  });
  checkModularizationSums(r, rows);
  assert.throws(() => checkModularizationSums(r, [...rows, row("CONFIG_MORE", 1)]), /add up to 2050, the objects to 2051/);
});

test("the option that turns modules on is core, not a bool→tristate candidate: no module can hold the loader", () => {
  const r = computeModularization(
    [explain("MODULES", "bool", true, false, [{ kind: "user" }])],
    [row("CONFIG_MODULES", 500, ["kernel/module/main.o"])],
    500,
    () => "",
    "MODULES",
  );
  assert.equal(r.options[0].verdict, "core");
  assert.equal(
    computeModularization([explain("MODULES", "bool", true, false, [{ kind: "user" }])], [row("CONFIG_MODULES", 500)], 500, () => "", null).options[0].verdict,
    "bool-to-tristate",
  );
});

test("forced bytes group by the options that select them; a target is closed by the largest proven savings first", () => {
  const forced = (symbol: string, bytes: number, by: string[]) => ({
    symbol,
    type: "bool" as const,
    value: "y" as const,
    bytes,
    verdict: "forced-by-select" as const,
    selectedBy: by,
    chain: [],
    unlockedBy: [],
    objects: [],
    reason: "",
  });
  assert.deepEqual(groupBySelector([forced("A", 10, ["X86"]), forced("B", 50, ["EXT4_FS", "BTRFS"]), forced("C", 5, ["X86"]), forced("D", 0, ["Y"])]), [
    { selectors: ["BTRFS", "EXT4_FS"], bytes: 50, options: ["B"] },
    { selectors: ["X86"], bytes: 15, options: ["A", "C"] },
  ]);
  const plan = planTarget(10_000, 7_000, [
    { symbol: "S", saving: 500 },
    { symbol: "L", saving: 2_000 },
    { symbol: "M", saving: 900 },
    { symbol: "N", saving: -10 },
  ]);
  assert.deepEqual(plan, {
    target: 7_000,
    distance: 3_000,
    picked: [
      { symbol: "L", saving: 2_000 },
      { symbol: "M", saving: 900 },
      { symbol: "S", saving: 500 },
    ],
    remaining: -400,
  });
  assert.deepEqual(planTarget(5_000, 7_000, [{ symbol: "L", saving: 2_000 }]).picked, [], "reached already: nothing to pick");
});
