// The options that make a Recipe, shared by build and track.

import { existsSync, readFileSync } from "node:fs";
import { arch as hostArch } from "node:os";
import type { Command } from "commander";
import { defaultArch, parseRecipe, type Recipe } from "../core/recipe.js";
import { UserError } from "../core/user-error.js";

const collect = (v: string, prev: string[]) => [...prev, v];

export function addRecipeOptions(c: Command): Command {
  return c
    .option("--recipe <recipe>", "tiny, allno, def or a .config file; +mod for yes2modconfig (e.g. tiny+mod)", "tiny")
    .option("--arch <arch>", "kernel ARCH (default: the host's, 64-bit on x86)")
    .option("--cc <cc>", "C compiler, as CC= to make")
    .option("--llvm", "build with LLVM=1")
    .option("--cross-compile <prefix>", "CROSS_COMPILE= prefix, e.g. aarch64-linux-gnu-")
    .option("--fragment <file>", "config fragment merged after the base (repeatable)", collect, [])
    .option("--enable <symbol>", "turn a Kconfig option on (repeatable)", collect, [])
    .option("--module <symbol>", "set a Kconfig option to m and build the modules too (repeatable)", collect, [])
    .option("--disable <symbol>", "turn a Kconfig option off (repeatable)", collect, [])
    .option("-j, --jobs <n>", "parallel make jobs (default: all cores)");
}

function hostMachine(): string {
  const a = hostArch();
  return a === "x64" ? "x86_64" : a === "arm64" ? "aarch64" : a;
}

export function intOption(name: string, v: string, o: { negative?: boolean; min?: number } = {}): number {
  const what = o.negative ? "" : ` (${o.min ?? 0} or more)`;
  if (!(o.negative ? /^-?[0-9]+$/ : /^[0-9]+$/).test(v) || Number(v) < (o.min ?? Number.NEGATIVE_INFINITY)) {
    throw new UserError(`${name} wants a whole number${what}, not "${v}"`);
  }
  return Number(v);
}

/** commander's option bag for the options addRecipeOptions declares */
export function recipeFromOptions(o: Record<string, any>): Recipe {
  const readIfFile = (p: string) => (existsSync(p) ? readFileSync(p, "utf8") : undefined);
  const fragments = (o.fragment as string[]).map((path) => {
    const text = readIfFile(path);
    if (text === undefined) throw new UserError(`config fragment ${path} does not exist`);
    return { path, text };
  });
  return parseRecipe({
    spec: o.recipe,
    arch: o.arch ?? defaultArch(hostMachine()),
    toolchain: { cc: o.cc ?? "", llvm: Boolean(o.llvm), crossCompile: o.crossCompile ?? "" },
    configText: readIfFile,
    fragments,
    enable: o.enable,
    module: o.module,
    disable: o.disable,
  });
}
