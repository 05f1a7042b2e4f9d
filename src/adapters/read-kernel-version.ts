// The release a kernel tree says it is (VERSION, PATCHLEVEL, SUBLEVEL, EXTRAVERSION of its
// top-level Makefile), and the check that a directory is a kernel tree at all.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../core/user-error.js";

export function readKernelVersion(dir: string, what: string): string {
  const makefile = join(dir, "Makefile");
  const notKernel = () =>
    new UserError(
      `${what} is not a Linux kernel source tree (no top-level Makefile with VERSION/PATCHLEVEL, Kconfig and arch/)`,
      "point kbloat at the top of a kernel tree",
    );
  if (!existsSync(makefile) || !existsSync(join(dir, "Kconfig")) || !existsSync(join(dir, "arch"))) throw notKernel();
  const text = readFileSync(makefile, "utf8").slice(0, 4000);
  const field = (k: string) => new RegExp(`^${k}[ \\t]*=[ \\t]*(\\S*)`, "m").exec(text)?.[1];
  const v = field("VERSION");
  const p = field("PATCHLEVEL");
  if (!v || p === undefined) throw notKernel();
  const s = field("SUBLEVEL");
  return `${v}.${p}${s ? `.${s}` : ""}${field("EXTRAVERSION") ?? ""}`;
}
