// The toolchain's version string: part of a Build's identity.

import { execa } from "execa";
import type { Toolchain } from "../core/recipe.js";
import { UserError } from "../core/user-error.js";

export async function readToolchainVersion(t: Toolchain): Promise<string> {
  const cc = (t.cc || (t.llvm ? "clang" : `${t.crossCompile}gcc`)).split(/\s+/).filter((w) => w !== "ccache")[0];
  const ld = t.llvm ? "ld.lld" : `${t.crossCompile}ld`;
  return `${await firstLine(cc)}; ${await firstLine(ld)}`;
}

async function firstLine(tool: string): Promise<string> {
  const r = await execa(tool, ["--version"], { reject: false });
  if (r.failed) {
    throw new UserError(
      `${tool} is not installed or does not run (${r.code ?? `exit ${r.exitCode}`})`,
      "install the kernel build packages (apt-get install build-essential flex bison bc libelf-dev libssl-dev), or pass --cc/--cross-compile/--llvm",
    );
  }
  return String(r.stdout).split("\n")[0].trim();
}
