// MAINTAINERS subsystems of a build's objects, worked out once when the build is stored.

import { createSubsystemMatcher, parseMaintainers } from "../core/maintainers.js";
import type { ObjectSize } from "../core/measurement.js";
import { readMaintainersFile } from "../adapters/read-maintainers.js";

export function readSubsystems(srcDir: string, objects: ObjectSize[]): Map<string, string> {
  const text = readMaintainersFile(srcDir);
  const out = new Map<string, string>();
  if (!text) return out;
  const subsystemOf = createSubsystemMatcher(parseMaintainers(text));
  for (const o of objects) {
    const s = subsystemOf(o.path);
    if (s) out.set(o.path, s);
  }
  return out;
}
