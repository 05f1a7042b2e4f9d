// The modules a build made: the build tree's modules.order (what `make modules` linked), each
// .ko sized as `size` sizes it and laid out as the module loader lays it out, with the objects
// its .mod file lists.

import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseDotConfig } from "../core/kconfig/dot-config.js";
import { parseElfSections } from "../core/elf.js";
import { type BuiltModule, layOutModule } from "../core/module-layout.js";
import { computeSectionSizes, computeSizeTotals } from "../core/size-totals.js";

/** The modules listed in outDir/modules.order that exist as .ko files, by path. */
export function readBuiltModules(outDir: string, config: string): BuiltModule[] {
  const order = join(outDir, "modules.order");
  if (!existsSync(order)) return [];
  const values = parseDotConfig(config);
  const layout = {
    moduleUnload: values.get("MODULE_UNLOAD") === "y",
    pageSize: 2 ** Number(values.get("PAGE_SHIFT") ?? 12),
  };
  const modules: BuiltModule[] = [];
  for (const line of readFileSync(order, "utf8").split("\n")) {
    // 6.x lists fs/x/x.o; 5.x fs/x/x.ko, and before 5.4 kernel/fs/x/x.ko (kernel/ being where
    // modules_install puts them): a real kernel/ directory comes first
    const listed = line.trim().replace(/\.o$/, ".ko");
    const path = [listed, listed.replace(/^kernel\//, "")].find((p) => p && existsSync(join(outDir, p)));
    if (!path) continue;
    const file = join(outDir, path);
    const bytes = readFileSync(file);
    const sections = parseElfSections(bytes);
    const totals = computeSizeTotals(computeSectionSizes(sections));
    const { loaded, init } = layOutModule(sections, layout);
    modules.push({
      path,
      file: statSync(file).size,
      text: totals.text,
      data: totals.data,
      bss: totals.bss,
      loaded,
      init,
      objects: readModObjects(outDir, path),
    });
  }
  return modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * x.mod: the objects of x.ko, one a line (6.x), or on the first line with the undefined
 * symbols on the second (5.x); a C symbol has no dot, so the objects are the words ending in .o.
 */
function readModObjects(outDir: string, ko: string): string[] {
  const mod = join(outDir, ko.replace(/\.ko$/, ".mod"));
  if (!existsSync(mod)) return [];
  return readFileSync(mod, "utf8")
    .split(/\s+/)
    .filter((x) => x.endsWith(".o"));
}
