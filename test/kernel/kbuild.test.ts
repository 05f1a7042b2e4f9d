// The Kbuild reader on real x86_64 tinyconfig kernels (6.1 and 6.12): it finds every built-in object
// of the link map, exactly the members of kbuild's own archives, with chains that the build's
// .config satisfies, and the bytes per option add up to the content total.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { readKbuildTree } from "../../src/adapters/read-kbuild-tree.js";
import { openSqliteStore } from "../../src/adapters/sqlite-store.js";
import { parseMakeConfigValues } from "../../src/core/kbuild/make-config-values.js";
import type { KbuildTree } from "../../src/core/kbuild/kbuild-types.js";
import { checkOptionRollupSums, computeOptionRollup, innermostOption, UNCONDITIONAL } from "../../src/core/kbuild/option-rollup.js";
import type { ObjectSize } from "../../src/core/measurement.js";
import { isRestRow, UNATTRIBUTED } from "../../src/core/rollup.js";
import { kbloatOk, type ShowJson, showJson, tarball, testDb, tool } from "./kernel-env.js";

/** Objects of the link map that no kbuild file lists, and why. */
const EXPLAINED: Record<string, string> = {
  "init/version-timestamp.o": "scripts/link-vmlinux.sh builds it and links it beside vmlinux.a, with the final UTS_VERSION",
};

interface Kernel {
  show: ShowJson;
  objects: ObjectSize[];
  config: Map<string, string>;
  tree: KbuildTree;
  ms: number;
}

const db = testDb("kbuild");
const kernels: Record<string, Kernel> = {};

before(async () => {
  for (const v of ["6.1", "6.12"] as const) kbloatOk(db, ["build", tarball(v), "--recipe", "tiny"]);
  const list = JSON.parse(kbloatOk(db, ["--format", "json", "list"]));
  const shows: ShowJson[] = list.builds.map((b: { id: number }) => showJson(db, String(b.id), "object"));
  // the .config stored with each build: the one in the build tree changes while any other kbloat configures it
  const store = openSqliteStore(db);
  const configs = await Promise.all(shows.map(async (s) => (await store.loadMeasurement(s.build.id))?.config));
  await store.close();
  for (const [i, show] of shows.entries()) {
    assert.ok(configs[i], `build ${show.build.id} has a stored .config`);
    const objects = show.rows.filter((r) => !isRestRow(r.name)).map((r) => ({ path: r.name, text: r.text, data: r.data, bss: r.bss }));
    const config = parseMakeConfigValues(configs[i] ?? "");
    const t = performance.now();
    const tree = await readKbuildTree(show.build.source_dir, { srcarch: "x86", arch: "x86_64", config }, null);
    kernels[show.build.name.startsWith("6.12") ? "6.12" : "6.1"] = { show, objects, config, tree, ms: performance.now() - t };
  }
});

const members = (k: Kernel, archive: string) => tool("ar", ["t", archive], k.show.build.build_dir).split("\n").filter(Boolean).sort();

describe("the Kbuild reader on a real x86_64 tinyconfig tree", () => {
  for (const v of ["6.1", "6.12"]) {
    test(`${v}: every object of the link map is found, but the ones link-vmlinux.sh adds`, (t) => {
      const k = kernels[v];
      const found = new Set(k.tree.objects.map((o) => o.path));
      const unattributed = k.objects.map((o) => o.path).filter((p) => !found.has(p));
      t.diagnostic(
        `${k.objects.length} objects in the link map, ${k.objects.length - unattributed.length} found, unattributed: ${unattributed.join(" ") || "none"}; ${k.tree.objects.length} objects read from ${k.tree.filesRead} files in ${k.tree.directories.length} directories in ${k.ms.toFixed(0)} ms`,
      );
      assert.ok(k.objects.length > 400);
      for (const p of unattributed) assert.ok(p in EXPLAINED, `${p} is in the link map, but no kbuild file lists it`);
      t.diagnostic(`${k.tree.unevaluatedWithoutObjects.length} undecidable blocks hold no objects (compiler, LLVM=, O= tests)`);
      assert.deepEqual(k.tree.unevaluated, [], "every conditional that holds objects is decided by the .config");
      assert.deepEqual(k.tree.problems, []);
    });

    test(`${v}: the objects are exactly vmlinux.a's members, the lib objects exactly lib.a's`, () => {
      const k = kernels[v];
      const obj = k.tree.objects
        .filter((o) => o.kind === "obj" && o.parts === undefined)
        .map((o) => o.path)
        .sort();
      assert.deepEqual(obj, members(k, "vmlinux.a"));
      const lib = k.tree.objects
        .filter((o) => o.kind === "lib")
        .map((o) => o.path)
        .sort();
      assert.deepEqual(lib, [...members(k, "lib/lib.a"), ...members(k, "arch/x86/lib/lib.a")].sort());
    });

    test(`${v}: every condition of every chain holds in the build's .config`, (t) => {
      const k = kernels[v];
      let links = 0;
      for (const o of k.tree.objects) {
        for (const c of o.chain) {
          assert.equal(c.kind, "config", `${o.path}: ${c.file}:${c.line}`);
          if (c.kind !== "config") continue;
          links++;
          const value = k.config.get(c.symbol) ?? "";
          assert.equal(c.value, value, `${o.path}: CONFIG_${c.symbol} at ${c.file}:${c.line}`);
          if (c.enabled) assert.equal(value, "y", `${o.path} needs CONFIG_${c.symbol} (${c.file}:${c.line})`);
          else assert.notEqual(value, "y", `${o.path} needs CONFIG_${c.symbol} unset (${c.file}:${c.line})`);
        }
      }
      t.diagnostic(`${links} condition links checked`);
      assert.ok(links > 100);
    });

    test(`${v}: a sample of objects under obj-$(CONFIG_X) lines: X=y, and the line says so`, () => {
      const k = kernels[v];
      const under = k.tree.objects.filter((o) => /^obj-\$\(CONFIG_\w+\)/.test(o.listed.text));
      assert.ok(under.length > 50);
      const sample = under.filter((_, i) => i % 3 === 0); // by path: the same sample on every run
      assert.ok(sample.length > 20);
      for (const o of sample) {
        const symbol = /^obj-\$\(CONFIG_(\w+)\)/.exec(o.listed.text)![1];
        assert.equal(k.config.get(symbol), "y", `${o.path}: CONFIG_${symbol}`);
        assert.equal(innermostOption(o.chain), `CONFIG_${symbol}`, o.path);
        const line = readFileSync(join(k.show.build.source_dir, o.listed.file), "utf8").split("\n")[o.listed.line - 1];
        assert.match(line, new RegExp(`^obj-\\$\\(CONFIG_${symbol}\\)`), `${o.listed.file}:${o.listed.line}`);
        const base = o.path.split("/").pop()!;
        assert.ok(o.listed.text.includes(base), `${o.path} on ${o.listed.file}:${o.listed.line}`);
      }
    });

    test(`${v}: bytes per option add up to the content total`, (t) => {
      const k = kernels[v];
      const rows = computeOptionRollup(k.objects, k.tree);
      checkOptionRollupSums(rows, k.objects);
      assert.equal(
        rows.reduce((s, r) => s + r.size, 0),
        k.show.totals.content,
      );
      // what link-vmlinux.sh links itself, which no kbuild file lists, still has its row
      assert.equal(
        rows.find((r) => r.name === UNATTRIBUTED),
        undefined,
      );
      for (const p of Object.keys(EXPLAINED).filter((x) => k.objects.some((o) => o.path === x))) {
        assert.ok(rows.find((r) => r.name === UNCONDITIONAL)?.objects.includes(p), `${p} in ${UNCONDITIONAL}`);
      }
      const top = rows
        .slice(0, 5)
        .map((r) => `${r.name} ${r.size}`)
        .join(", ");
      const unconditional = rows.find((r) => r.name === UNCONDITIONAL);
      t.diagnostic(`${rows.length} rows; largest: ${top}; ${UNCONDITIONAL} holds ${unconditional?.objects.length} objects`);
      assert.ok(rows.some((r) => r.name === "CONFIG_PERF_EVENTS" && r.objects.includes("kernel/events/core.o")));
    });

    test(`${v}: read in well under a second`, () => {
      assert.ok(kernels[v].ms < 2000, `${kernels[v].ms} ms`);
    });
  }
});
