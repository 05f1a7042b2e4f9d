// The measure use case: store a Measurement of a vmlinux built elsewhere.

import { basename } from "node:path";
import { formatSourceKey, type SourceIdentity } from "../core/build-identity.js";
import { locateBuildTree } from "../adapters/locate-build-tree.js";
import { readBuiltinObjects } from "../adapters/read-builtin-objects.js";
import { readElfHeader, readMeasurement } from "../adapters/read-measurement.js";
import { parseMakeConfigValues } from "../core/kbuild/make-config-values.js";
import { archOfKernel, toolchainOfConfig } from "../core/kernel-arch.js";
import { bootImage } from "../core/recipe.js";
import { UserError } from "../core/user-error.js";
import type { BuildRecord, BuildStore, StoredMeasurement } from "./build-record.js";
import { readSubsystems } from "./subsystems.js";

export interface MeasureRequest {
  vmlinux: string;
  buildDir?: string;
  source?: string;
  name?: string;
  /** the kernel's ARCH, when the ELF header and .config cannot tell it (or to override them) */
  arch?: string;
}

/** Measures and stores; gives back the stored record and the measurement as stored (no need to read it back). */
export async function measureVmlinux(
  req: MeasureRequest,
  store: BuildStore,
  note: (message: string) => void,
): Promise<{ record: BuildRecord; measurement: StoredMeasurement }> {
  const tree = locateBuildTree(req.vmlinux, req.buildDir, req.source);
  const config = tree.config ? parseMakeConfigValues(tree.config) : null;
  const elf = readElfHeader(tree.vmlinux);
  const arch = req.arch ?? archOfKernel(elf.machine, elf.bits, config);
  if (!arch) {
    throw new UserError(
      `cannot tell which architecture ${tree.vmlinux} is for: its ELF machine is ${elf.machine}, which kbloat does not know`,
      "name it with --arch (as make's ARCH=: x86_64, arm64, riscv, ...)",
    );
  }
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
  const sourceIdentity: SourceIdentity = { kind: "vmlinux", sha256: tree.hash };
  const subsystems = tree.sourceDir ? readSubsystems(tree.sourceDir, m.objects) : new Map<string, string>();
  if (!tree.image) note(`no boot image in ${tree.dir} (${bootImage(arch)?.path ?? "this architecture has none kbloat knows"}): stored without one`);
  const measurement: StoredMeasurement = { ...m, config: tree.config, subsystems };
  const record = await store.saveBuild(
    {
      // a vmlinux built elsewhere is known by its bytes alone
      identity: formatSourceKey(sourceIdentity),
      name: req.name ?? `${basename(tree.dir)}@measured`,
      source: tree.vmlinux,
      // the release kbuild wrote into the tree (include/config/kernel.release), else the vmlinux's hash
      revision: tree.release ?? tree.hash.slice(0, 12),
      recipe: "measured",
      recipeHash: "",
      sourceIdentity,
      sourceLocation: tree.vmlinux,
      recipeData: null,
      arch,
      toolchain: (config && toolchainOfConfig(config)) ?? "",
      sourceDir: tree.sourceDir,
      buildDir: tree.dir,
      status: "ok",
      failedStep: null,
      logTail: null,
      durationMs: null,
      compiled: null,
    },
    measurement,
  );
  return { record, measurement };
}
