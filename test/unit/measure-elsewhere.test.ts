// A kernel built elsewhere is stored with what a kbloat-made build has: its ARCH (from the ELF
// header and .config), its toolchain and release (as kbuild wrote them into the tree); an ELF
// machine kbloat does not know is an error that names --arch.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { runCli } from "../../src/cli/main.js";
import { archOfKernel, toolchainOfConfig } from "../../src/core/kernel-arch.js";

const dir = mkdtempSync(join(tmpdir(), "kbloat-elsewhere-"));

async function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["--db", join(dir, "kbloat.db"), ...args], {
    stdout: { write: (s: string) => void (stdout += s) },
    stderr: { write: (s: string) => void (stderr += s) },
    env: { ...process.env, KBLOAT_CACHE: join(dir, "cache") },
  });
  return { code, stdout, stderr };
}

/** A build tree as kbuild leaves one: vmlinux, .config, include/config/kernel.release. */
function buildTree(name: string, config: string | null): string {
  const d = join(dir, name);
  mkdirSync(join(d, "include", "config"), { recursive: true });
  writeFileSync(join(d, "start.c"), "int counter; void _start(void) { for (;;) counter++; }\n");
  execFileSync("gcc", ["-O2", "-nostdlib", "-static", "-o", join(d, "vmlinux"), join(d, "start.c")]);
  if (config !== null) writeFileSync(join(d, ".config"), config);
  writeFileSync(join(d, "include", "config", "kernel.release"), "6.12.117\n");
  return d;
}

const CONFIG_6_12 =
  'CONFIG_CC_VERSION_TEXT="gcc (Debian 12.2.0-14+deb12u1) 12.2.0"\nCONFIG_X86_64=y\nCONFIG_LD_IS_BFD=y\nCONFIG_LD_VERSION=24000\nCONFIG_LLD_VERSION=0\n';

describe("a kernel measured, not built", () => {
  test("records ARCH, toolchain and release from the tree", async () => {
    const d = buildTree("x86", CONFIG_6_12);
    const r = await run(["--format", "json", "measure", join(d, "vmlinux"), "--name", "theirs"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /no boot image in .* \(arch\/x86\/boot\/bzImage\)/);
    const listed = JSON.parse((await run(["--format", "json", "list"])).stdout).builds.find((b: { name: string }) => b.name === "theirs");
    assert.deepEqual([listed.arch, listed.toolchain, listed.revision], ["x86_64", "gcc (Debian 12.2.0-14+deb12u1) 12.2.0; GNU ld 2.40", "6.12.117"]);
  });

  test("an ELF machine kbloat does not know is an error naming --arch; with --arch it is stored", async () => {
    const d = buildTree("odd", null);
    const odd = join(d, "vmlinux-odd");
    copyFileSync(join(d, "vmlinux"), odd);
    const bytes = readFileSync(odd);
    bytes.writeUInt16LE(0xbeef, 0x12);
    writeFileSync(odd, bytes);
    const r = await run(["measure", odd, "--build-dir", d]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot tell which architecture .* its ELF machine is 48879[\s\S]*--arch/);
    const ok = await run(["--format", "json", "measure", odd, "--build-dir", d, "--arch", "riscv", "--name", "odd"]);
    assert.equal(ok.code, 0, ok.stderr);
    const listed = JSON.parse((await run(["--format", "json", "list"])).stdout).builds.find((b: { name: string }) => b.name === "odd");
    assert.equal(listed.arch, "riscv");
  });
});

describe("ARCH and toolchain from an ELF header and a .config", () => {
  test("x86 by its .config; other machines by the header alone", () => {
    const cfg = (text: string) =>
      new Map(
        text
          .split("\n")
          .filter(Boolean)
          .map((l) => l.replace(/^CONFIG_/, "").split("=") as [string, string]),
      );
    assert.equal(archOfKernel(62, 64, cfg("CONFIG_X86_64=y")), "x86_64");
    assert.equal(archOfKernel(3, 32, cfg("CONFIG_X86_32=y")), "i386");
    assert.equal(archOfKernel(62, 64, null), "x86_64");
    assert.equal(archOfKernel(183, 64, null), "arm64");
    assert.equal(archOfKernel(243, 64, null), "riscv");
    assert.equal(archOfKernel(0xbeef, 64, null), null);
  });

  test("the linker's version in both of kbuild's encodings, and ld.lld's", () => {
    const cfg = (o: Record<string, string>) => new Map(Object.entries(o));
    const cc = '"gcc (Debian 12.2.0-14+deb12u1) 12.2.0"';
    assert.equal(toolchainOfConfig(cfg({ CC_VERSION_TEXT: cc, LD_IS_BFD: "y", LD_VERSION: "24000" })), "gcc (Debian 12.2.0-14+deb12u1) 12.2.0; GNU ld 2.40");
    // 5.10's scripts/ld-version.sh: major*1e8 + minor*1e6 + patch*1e4, and no LD_IS_BFD
    assert.equal(toolchainOfConfig(cfg({ CC_VERSION_TEXT: cc, LD_VERSION: "240000000" })), "gcc (Debian 12.2.0-14+deb12u1) 12.2.0; GNU ld 2.40");
    assert.equal(
      toolchainOfConfig(cfg({ CC_VERSION_TEXT: '"Debian clang version 16.0.6"', LD_IS_LLD: "y", LLD_VERSION: "160006", LD_VERSION: "0" })),
      "Debian clang version 16.0.6; LLD 16.0.6",
    );
    assert.equal(toolchainOfConfig(cfg({})), null);
  });
});
