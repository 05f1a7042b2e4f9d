// Which scripts/bloat-o-meter a diff follows: the head's tree's own by default (read from the
// tree when it is still there, else by the head's release), or the one --bloat-o-meter-from names.

import { existsSync } from "node:fs";
import { bloatOMeterScriptAt, readBloatOMeterScript } from "../adapters/read-bloat-o-meter-script.js";
import { readKernelVersion } from "../adapters/read-kernel-version.js";
import { BLOAT_O_METER_ERAS, type BloatOMeterRules, bloatOMeterRulesOf, NEWEST_BLOAT_O_METER } from "../core/bloat-o-meter.js";
import { isKernelVersion } from "../core/kernel-version.js";
import { UserError } from "../core/user-error.js";
import type { BuildRecord } from "./build-record.js";

const KNOWN = BLOAT_O_METER_ERAS.join(", ");

/** The rules --bloat-o-meter-from names: a kernel tree, a bloat-o-meter script, or a release. */
export function bloatOMeterRulesFrom(from: string): BloatOMeterRules {
  const script = bloatOMeterScriptAt(from);
  if (script) {
    const rules = readBloatOMeterScript(script, `the script ${script}`);
    if (!rules) {
      throw new UserError(`${script} is not a scripts/bloat-o-meter kbloat can read`, `give a kernel tree, its scripts/bloat-o-meter, or a release (${KNOWN})`);
    }
    return rules;
  }
  if (existsSync(from)) throw new UserError(`${from} holds no scripts/bloat-o-meter`, "give the top of a kernel source tree, or the script itself");
  if (!isKernelVersion(from)) {
    throw new UserError(
      `--bloat-o-meter-from ${from}: no such tree or file, and not a kernel release`,
      `give a kernel tree, a script, or a release (${KNOWN})`,
    );
  }
  return bloatOMeterRulesOf(from);
}

/** The rules of the script a build's own tree ships: read from the tree, else by its release, else the newest kbloat knows. */
export function bloatOMeterRulesOfBuild(b: BuildRecord): BloatOMeterRules {
  const script = b.sourceDir ? bloatOMeterScriptAt(b.sourceDir) : null;
  const rules = script ? readBloatOMeterScript(script, `${b.name}'s scripts/bloat-o-meter`) : null;
  if (rules) return rules;
  const release = releaseOf(b);
  return release ? bloatOMeterRulesOf(release) : NEWEST_BLOAT_O_METER;
}

function releaseOf(b: BuildRecord): string | null {
  if (b.sourceDir && existsSync(b.sourceDir)) {
    try {
      return readKernelVersion(b.sourceDir, b.sourceDir);
    } catch {}
  }
  return isKernelVersion(b.revision) ? b.revision : null;
}
