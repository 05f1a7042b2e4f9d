// kbloat's Kconfig reader against the kernel's own scripts/kconfig, on Debian's 6.1 and 6.12
// sources with ARCH=x86_64. Out of tree, per version: `make tinyconfig` (which also builds
// scripts/kconfig/*.o), kconfig-symbols.c linked with those objects (the kernel's own
// conf_parse()), `make defconfig` and `make yes2modconfig`; then `make olddefconfig` on
// edited copies of those .config files to check what explainBuiltins() claims.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { resolveKernelSource } from "../../src/adapters/kernel-source.js";
import { cacheDir } from "../../src/adapters/paths.js";
import { readKconfigTree } from "../../src/adapters/read-kconfig-tree.js";
import { describeBuiltin } from "../../src/core/kconfig/describe-builtin.js";
import { parseDotConfig } from "../../src/core/kconfig/dot-config.js";
import { hi, KconfigEvaluator, lo } from "../../src/core/kconfig/evaluate.js";
import { type BuiltinExplanation, explainBuiltins } from "../../src/core/kconfig/explain-builtins.js";
import { formatKconfigMessage, type KconfigReadResult, type SymbolType } from "../../src/core/kconfig/model.js";
import { computeSymbolStatus } from "../../src/core/kconfig/symbol-status.js";
import { buildKernelView, confEnv, type KernelSymbol, kernelView } from "./kconfig-kernel-view.js";
import { tarball } from "./kernel-env.js";

const work = mkdtempSync(join(tmpdir(), "kbloat-kconfig-"));
after(() => rmSync(work, { recursive: true, force: true }));

interface Kernel {
  tree: string;
  out: string;
  /** what the kernel's Makefile gives its Kconfig tools */
  env: Record<string, string>;
  /** the kernel's conf_parse() and conf_read() of mod.config, and of tiny.config */
  symbols: Map<string, KernelSymbol>;
  tinySymbols: Map<string, KernelSymbol>;
  read: KconfigReadResult;
  readMs: number;
}

function make(k: Pick<Kernel, "tree" | "out">, args: string[], config = ".config"): void {
  const env = { ...process.env, KCONFIG_CONFIG: config };
  execFileSync("make", ["-s", "-C", k.tree, `O=${k.out}`, "ARCH=x86_64", ...args], { env, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 << 20 });
}

/** the types a .config line's value can belong to */
function typesOfValue(raw: string): SymbolType[] {
  if (raw === "y" || raw === "n") return ["bool", "tristate"];
  if (raw === "m") return ["tristate"];
  if (raw.startsWith('"')) return ["string"];
  if (/^0x[0-9a-fA-F]+$/.test(raw)) return ["hex"];
  if (/^-?[0-9]+$/.test(raw)) return ["int"];
  return [];
}

/** CONFIG_X=… and "# CONFIG_X is not set" lines as [name, raw value] */
function configLines(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split("\n")) {
    const set = /^CONFIG_([A-Za-z0-9_]+)=(.*)$/.exec(line);
    const unset = /^# CONFIG_([A-Za-z0-9_]+) is not set$/.exec(line);
    if (set) out.push([set[1], set[2]]);
    else if (unset) out.push([unset[1], "n"]);
  }
  return out;
}

/** sets the symbols to m in a copy of a .config, runs the kernel's olddefconfig on it, returns the result */
function olddefconfigWithModules(k: Kernel, from: string, name: string, symbols: string[]): Map<string, string> {
  const lines = readFileSync(join(k.out, from), "utf8").split("\n");
  const wanted = new Set(symbols);
  const edited = lines.filter((l) => {
    const m = /^(?:CONFIG_([A-Za-z0-9_]+)=.*|# CONFIG_([A-Za-z0-9_]+) is not set)$/.exec(l);
    return !wanted.has(m?.[1] ?? m?.[2] ?? "");
  });
  writeFileSync(join(k.out, name), [...edited, ...symbols.map((s) => `CONFIG_${s}=m`), ""].join("\n"));
  make(k, ["olddefconfig"], name);
  return parseDotConfig(readFileSync(join(k.out, name), "utf8"));
}

const firstOf = (list: BuiltinExplanation[], n: number, pick: (e: BuiltinExplanation) => boolean) => list.filter(pick).slice(0, n);

for (const version of ["6.1", "6.12"] as const) {
  describe(`Linux ${version}, ARCH=x86_64`, () => {
    let k: Kernel;

    before(async () => {
      const source = await resolveKernelSource(tarball(version), undefined, cacheDir(), () => {});
      const out = join(work, version);
      mkdirSync(out, { recursive: true });
      const base = { tree: source.dir, out, env: confEnv(source.dir, source.version) };
      make(base, ["tinyconfig"]);
      copyFileSync(join(out, ".config"), join(out, "tiny.config"));
      const bin = buildKernelView(base.tree, out);
      make(base, ["defconfig"]);
      copyFileSync(join(out, ".config"), join(out, "def.config"));
      make(base, ["yes2modconfig"]);
      copyFileSync(join(out, ".config"), join(out, "mod.config"));
      const symbols = kernelView(bin, out, base.env, "mod.config");
      const tinySymbols = kernelView(bin, out, base.env, "tiny.config");
      const t0 = performance.now();
      const read = readKconfigTree(source.dir, { arch: "x86_64", env: base.env });
      k = { ...base, symbols, tinySymbols, read, readMs: performance.now() - t0 };
    });

    test("the reader reads the whole x86 tree with no error", (t) => {
      assert.deepEqual(k.read.errors.map(formatKconfigMessage), []);
      assert.equal(k.read.skippedEntries + k.read.skippedAttributes, 0);
      assert.ok(k.read.model.files.length > 1000, `${k.read.model.files.length} files`);
      t.diagnostic(
        `${k.read.model.files.length} files, ${k.read.model.symbols.size} symbols, ${k.read.model.entries.length} entries in ${k.readMs.toFixed(0)} ms`,
      );
    });

    test("the other architectures' trees read with no error too", (t) => {
      const arches = ["arm64", "arm", "riscv", "powerpc", "s390", "mips", "sparc64", "loongarch", "um"];
      const counts: string[] = [];
      for (const arch of arches) {
        const r = readKconfigTree(k.tree, { arch, env: arch === "um" ? { SUBARCH: "x86", HEADER_ARCH: "x86" } : {} });
        assert.deepEqual(r.errors.map(formatKconfigMessage), [], arch);
        counts.push(`${arch} ${r.model.symbols.size}`);
      }
      t.diagnostic(counts.join(", "));
    });

    test("every symbol the kernel's conf_parse() defines, the reader defines with the same type, and no other", (t) => {
      const kernel = new Map([...k.symbols].filter(([, s]) => s.defined).map(([n, s]) => [n, s.type]));
      const ours = new Map([...k.read.model.symbols.values()].map((s) => [s.name, s.type]));
      assert.ok(kernel.size > 15000, `${kernel.size} symbols`);
      assert.deepEqual(ours, kernel);
      // the kernel's other symbols are only referred to: so are ours, but for what a $(shell,…) made
      const referenced = [...k.symbols].filter(([, s]) => !s.defined).map(([n]) => n);
      const unexplained = referenced.filter((n) => !k.read.model.referenced.has(n));
      assert.ok(
        unexplained.every((n) => /^[0-9]+$/.test(n)),
        `only version numbers from $(cc-version) and the like: ${unexplained.join(" ")}`,
      );
      assert.ok(unexplained.length <= 6);
      t.diagnostic(`${kernel.size} symbols defined, ${referenced.length} only referred to (${unexplained.length} made by the shell: ${unexplained.join(" ")})`);
    });

    for (const config of ["tiny.config", "mod.config"]) {
      test(`every symbol of the kernel's ${config === "tiny.config" ? "tinyconfig" : "defconfig + yes2modconfig"} .config is known with its type`, () => {
        const lines = configLines(readFileSync(join(k.out, config), "utf8"));
        assert.ok(lines.length > 300);
        const wrong = lines.filter(([name, raw]) => !typesOfValue(raw).includes(k.read.model.symbols.get(name)?.type ?? "unknown"));
        assert.deepEqual(wrong, []);
      });
    }

    for (const [config, name] of [
      ["mod.config", "defconfig + yes2modconfig"],
      ["tiny.config", "tinyconfig"],
    ]) {
      test(`under ${name}, every bool and tristate is as visible and as selected as the kernel computes`, (t) => {
        const kernel = config === "mod.config" ? k.symbols : k.tinySymbols;
        const ev = new KconfigEvaluator(k.read.model, parseDotConfig(readFileSync(join(k.out, config), "utf8")));
        let same = 0;
        const shell: string[] = [];
        const wrong: string[] = [];
        for (const [sym, ks] of kernel) {
          if (ks.visible === undefined || !ks.defined) continue;
          const s = computeSymbolStatus(ev, k.read.model.symbols.get(sym) as NonNullable<ReturnType<typeof k.read.model.symbols.get>>);
          if (lo(s.visible) !== hi(s.visible) || lo(s.revDep) !== hi(s.revDep)) shell.push(sym);
          else if (lo(s.visible) === ks.visible && lo(s.revDep) === ks.selected) same++;
          else wrong.push(`${sym}: kernel visible ${ks.visible} selected ${ks.selected}, ours ${lo(s.visible)} ${lo(s.revDep)}`);
        }
        assert.deepEqual(wrong, []);
        assert.ok(same > 15000 && shell.length < 20, `${same} the same, ${shell.length} left to the shell`);
        t.diagnostic(`${same} symbols the same; ${shell.length} depend on what only the shell can tell: ${shell.join(" ")}`);
      });
    }

    test("after yes2modconfig every tristate still y has a reason, and the kernel's olddefconfig brings a sample back to y from m", (t) => {
      const explained = explainBuiltins(k.read.model, parseDotConfig(readFileSync(join(k.out, "mod.config"), "utf8")));
      const tristates = explained.filter((e) => e.type === "tristate");
      assert.ok(tristates.length > 10);
      assert.deepEqual(tristates.filter((e) => e.reasons.some((r) => r.kind === "user") || e.canBeModule).map(describeBuiltin), []);
      const kind = (e: BuiltinExplanation) => e.reasons[0].kind;
      const sample = [
        ...firstOf(tristates, 2, (e) => kind(e) === "selected" && e.prompt),
        ...firstOf(tristates, 1, (e) => kind(e) === "selected" && !e.prompt),
        ...firstOf(tristates, 2, (e) => kind(e) === "no-prompt"),
      ];
      assert.ok(sample.length >= 4, sample.map(describeBuiltin).join("\n"));
      const after = olddefconfigWithModules(
        k,
        "mod.config",
        "forced.config",
        sample.map((e) => e.symbol),
      );
      for (const e of sample) assert.equal(after.get(e.symbol), "y", describeBuiltin(e));
      t.diagnostic(`${tristates.length} tristates at y; checked ${sample.map((e) => `${e.symbol} (${kind(e)})`).join(", ")}`);
    });

    test("with modules off (tinyconfig) a visible tristate set to m comes back y, for the reason 'depends'", (t) => {
      const tiny = parseDotConfig(readFileSync(join(k.out, "tiny.config"), "utf8"));
      const model = k.read.model;
      // tristates at n whose prompt the kernel shows now: set to m, they should become y
      const ev = new KconfigEvaluator(model, tiny);
      const candidates = [...model.symbols.values()]
        .filter((s) => s.type === "tristate" && tiny.get(s.name) === "n" && lo(computeSymbolStatus(ev, s).visible) === 2)
        .map((s) => s.name)
        .sort()
        .slice(0, 3);
      assert.equal(candidates.length, 3);
      const after = olddefconfigWithModules(k, "tiny.config", "depends.config", candidates);
      const explained = new Map(explainBuiltins(model, after).map((e) => [e.symbol, e]));
      for (const name of candidates) {
        assert.equal(after.get(name), "y", name);
        // (one may also be selected by another: 6.1's AUTOFS4_FS selects AUTOFS_FS)
        assert.ok(
          explained.get(name)?.reasons.some((r) => r.kind === "depends"),
          describeBuiltin(explained.get(name) as BuiltinExplanation),
        );
      }
      t.diagnostic(`checked ${candidates.join(", ")}`);
    });

    test("in defconfig, tristates the user set to y can be m: olddefconfig keeps them m", (t) => {
      const explained = explainBuiltins(k.read.model, parseDotConfig(readFileSync(join(k.out, "def.config"), "utf8")));
      const users = firstOf(explained, 4, (e) => e.type === "tristate" && e.reasons[0].kind === "user");
      assert.equal(users.length, 4);
      for (const e of users) assert.ok(e.canBeModule && e.prompt, describeBuiltin(e));
      const after = olddefconfigWithModules(
        k,
        "def.config",
        "user.config",
        users.map((e) => e.symbol),
      );
      for (const e of users) assert.equal(after.get(e.symbol), "m", describeBuiltin(e));
      t.diagnostic(`checked ${users.map((e) => e.symbol).join(", ")}`);
    });
  });
}
