// The Kbuild reader on scenario trees: test/fixtures/kbuild/<scenario>/ holds `tree/` (a toy
// kernel tree: top Makefile, arch Makefile, root Kbuild, directories), `config` (a .config),
// optionally `options.json` ({ "srcarch", "arch" }) and `objects.tsv` (path, text, data, bss),
// and the golden files `expected_tree.txt` and, with objects, `expected_rows.txt`.
// Golden files change only by: KBLOAT_UPDATE_GOLDEN=1 node --import tsx --test test/unit/kbuild-scenarios.test.ts

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { ObjectSize } from "../../src/core/measurement.js";
import { parseMakeConfigValues } from "../../src/core/kbuild/make-config-values.js";
import { checkOptionRollupSums, computeOptionRollup, type OptionRow } from "../../src/core/kbuild/option-rollup.js";
import { renderKbuildTree } from "../../src/core/kbuild/render-kbuild-tree.js";
import { parseKbuildTree } from "../../src/core/kbuild/walk-kbuild-tree.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/kbuild/", import.meta.url));
const UPDATE = process.env.KBLOAT_UPDATE_GOLDEN === "1";

function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path, "utf8"));
    }
  };
  walk(root);
  return files;
}

function readObjects(file: string): ObjectSize[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("#"))
    .map((l) => {
      const [path, text, data, bss] = l.split("\t");
      return { path, text: Number(text), data: Number(data), bss: Number(bss) };
    });
}

function renderRows(rows: OptionRow[]): string {
  return `${rows.map((r) => [r.name, r.text, r.data, r.bss, r.size, r.objects.join(" ")].join("\t")).join("\n")}\n`;
}

function golden(file: string, actual: string): void {
  if (UPDATE) writeFileSync(file, actual);
  assert.ok(existsSync(file), `${file} is missing: run with KBLOAT_UPDATE_GOLDEN=1 to write it, then review it`);
  assert.equal(actual, readFileSync(file, "utf8"));
}

describe("Kbuild reader scenarios", () => {
  for (const scenario of readdirSync(FIXTURES).sort()) {
    test(scenario, () => {
      const dir = join(FIXTURES, scenario);
      const options = existsSync(join(dir, "options.json")) ? JSON.parse(readFileSync(join(dir, "options.json"), "utf8")) : {};
      const config = parseMakeConfigValues(readFileSync(join(dir, "config"), "utf8"));
      const tree = parseKbuildTree(readTree(join(dir, "tree")), { srcarch: options.srcarch ?? "toy", arch: options.arch, config });
      golden(join(dir, "expected_tree.txt"), renderKbuildTree(tree));
      if (existsSync(join(dir, "objects.tsv"))) {
        const objects = readObjects(join(dir, "objects.tsv"));
        const rows = computeOptionRollup(objects, tree);
        checkOptionRollupSums(rows, objects);
        golden(join(dir, "expected_rows.txt"), renderRows(rows));
      }
    });
  }
});

test("what link-vmlinux.sh links itself goes to the option it exists under: kallsyms, exports, the version stamp", () => {
  const tree = parseKbuildTree(new Map(), { srcarch: "x86", config: new Map() });
  const objects: ObjectSize[] = [
    { path: ".tmp_vmlinux2.kallsyms.o", text: 0, data: 1000, bss: 0 },
    { path: ".tmp_vmlinux.kallsyms2.o", text: 0, data: 10, bss: 0 },
    { path: ".vmlinux.export.o", text: 200, data: 0, bss: 0 },
    { path: "init/version-timestamp.o", text: 0, data: 30, bss: 0 },
    { path: "vmlinux.o", text: 36, data: 0, bss: 0 },
  ];
  const rows = computeOptionRollup(objects, tree);
  checkOptionRollupSums(rows, objects);
  assert.deepEqual(
    rows.map((r) => [r.name, r.objects]),
    [
      ["CONFIG_KALLSYMS", [".tmp_vmlinux2.kallsyms.o", ".tmp_vmlinux.kallsyms2.o"]],
      ["CONFIG_MODULES", [".vmlinux.export.o"]],
      ["[obj-y]", ["init/version-timestamp.o"]],
      ["[unattributed]", ["vmlinux.o"]],
    ],
  );
});
