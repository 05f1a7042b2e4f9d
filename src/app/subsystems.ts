// MAINTAINERS subsystems of a build's objects: worked out once when the build is stored, and again
// for a diff across releases, where both sides must be mapped with one MAINTAINERS file (else a
// reorganised MAINTAINERS moves bytes between subsystems and a new entry looks like new code).

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readMaintainersFile } from "../adapters/read-maintainers.js";
import { createSubsystemMatcher, parseMaintainers } from "../core/maintainers.js";
import type { ObjectSize } from "../core/measurement.js";
import { UserError } from "../core/user-error.js";
import type { BuildRecord, StoredMeasurement } from "./build-record.js";

export function readSubsystems(srcDir: string, objects: ObjectSize[]): Map<string, string> {
  const text = readMaintainersFile(srcDir);
  return text ? subsystemsOf(text, objects) : new Map();
}

function subsystemsOf(maintainers: string, objects: ObjectSize[]): Map<string, string> {
  const subsystemOf = createSubsystemMatcher(parseMaintainers(maintainers));
  const out = new Map<string, string>();
  for (const o of objects) {
    const s = subsystemOf(o.path);
    if (s) out.set(o.path, s);
  }
  return out;
}

interface Side<M extends StoredMeasurement> {
  build: BuildRecord;
  m: M;
}

/**
 * Both sides of a diff with their objects mapped by one MAINTAINERS: `file` when given, else the
 * head's tree's. When the head's tree is gone, each side keeps the mapping stored with it, and
 * `maintainers` says so.
 */
export function withOneMaintainers<M extends StoredMeasurement>(
  base: Side<M>,
  head: Side<M>,
  file?: string,
): { base: Side<M>; head: Side<M>; maintainers: string } {
  if (file !== undefined && !existsSync(file)) throw new UserError(`--maintainers ${file}: no such file`, "give a kernel tree's MAINTAINERS file");
  const path = file ?? (head.build.sourceDir ? join(head.build.sourceDir, "MAINTAINERS") : null);
  if (!path || !existsSync(path)) return { base, head, maintainers: "each build's own MAINTAINERS (the head's tree is no longer there)" };
  const text = readFileSync(path, "utf8");
  if (file !== undefined && parseMaintainers(text).length === 0) {
    throw new UserError(`--maintainers ${file}: no MAINTAINERS entries in it`, "give a kernel tree's MAINTAINERS file");
  }
  const remap = (s: Side<M>): Side<M> => ({ build: s.build, m: { ...s.m, subsystems: subsystemsOf(text, s.m.objects) } });
  return { base: remap(base), head: remap(head), maintainers: file ?? `${head.build.name}'s MAINTAINERS` };
}
