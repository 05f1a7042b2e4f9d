// The build's input set: every source and header that kbuild's .*.cmd files say it read.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCmdFileInputs } from "../core/build-inputs.js";

export function readBuildInputs(outDir: string, srcDir: string): Set<string> {
  const inputs = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.startsWith(".") && e.name.endsWith(".cmd")) {
        for (const p of parseCmdFileInputs(readFileSync(join(dir, e.name), "utf8"), srcDir)) inputs.add(p);
      }
    }
  };
  walk(outDir);
  return inputs;
}
