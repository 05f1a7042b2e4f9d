// The measure use case: store a Measurement of a vmlinux built elsewhere.

import { basename } from "node:path";
import { locateBuildTree } from "../adapters/locate-build-tree.js";
import { readBuiltinObjects } from "../adapters/read-builtin-objects.js";
import { readMeasurement } from "../adapters/read-measurement.js";
import type { BuildRecord, BuildStore } from "./build-record.js";
import { readSubsystems } from "./subsystems.js";

export interface MeasureRequest {
  vmlinux: string;
  buildDir?: string;
  source?: string;
  name?: string;
}

export async function measureVmlinux(req: MeasureRequest, store: BuildStore, note: (message: string) => void): Promise<BuildRecord> {
  const tree = locateBuildTree(req.vmlinux, req.buildDir, req.source);
  let m = readMeasurement(tree.vmlinux, tree.linkMap, tree.image, note);
  if (m.objects.length === 0) {
    const objects = readBuiltinObjects(tree.dir, new Map(m.sections.map((s) => [s.name, s.class])));
    if (objects) {
      note(`no link map in ${tree.dir}: objects are sized from vmlinux.a's members (before the linker drops discarded sections); content is unknown`);
      m = { ...m, objects };
    } else {
      const why = "kernels before 6.1 have no vmlinux.a; pass --build-dir, or build with CONFIG_VMLINUX_MAP=y for a map";
      note(`no link map and no vmlinux.a in ${tree.dir}: stored without per-object sizes and content (${why})`);
    }
  }
  const subsystems = tree.sourceDir ? readSubsystems(tree.sourceDir, m.objects) : new Map<string, string>();
  return store.saveBuild(
    {
      identity: `vmlinux:${tree.hash}`,
      name: req.name ?? `${basename(tree.dir)}@measured`,
      source: tree.vmlinux,
      revision: tree.hash.slice(0, 12),
      recipe: "measured",
      recipeHash: "",
      arch: "",
      toolchain: "",
      sourceDir: tree.sourceDir,
      buildDir: tree.dir,
      status: "ok",
      failedStep: null,
      logTail: null,
      durationMs: null,
      compiled: null,
    },
    { ...m, config: tree.config, subsystems },
  );
}
