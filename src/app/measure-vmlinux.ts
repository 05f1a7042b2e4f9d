// The measure use case: store a Measurement of a vmlinux built elsewhere.

import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
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

const IMAGES = ["arch/x86/boot/bzImage", "arch/arm64/boot/Image.gz", "arch/riscv/boot/Image.gz", "arch/arm/boot/zImage", "arch/s390/boot/bzImage"];

export async function measureVmlinux(req: MeasureRequest, store: BuildStore, note: (message: string) => void): Promise<BuildRecord> {
  const vmlinux = resolve(req.vmlinux);
  const dir = resolve(req.buildDir ?? dirname(vmlinux));
  const map = [`${vmlinux}.map`, join(dir, "vmlinux.map")].find(existsSync) ?? null;
  const image = IMAGES.map((p) => join(dir, p)).find(existsSync) ?? null;
  const measured = readMeasurement(vmlinux, map, image, note);
  let m = measured;
  if (measured.objects.length === 0) {
    const objects = readBuiltinObjects(dir, new Map(measured.sections.map((s) => [s.name, s.class])));
    if (objects) {
      note(`no link map in ${dir}: objects are sized from vmlinux.a's members (before the linker drops discarded sections); content is unknown`);
      m = { ...measured, objects };
    } else note(`no link map and no vmlinux.a in ${dir}: stored without per-object sizes and content (pass --build-dir)`);
  }
  const hash = createHash("sha256").update(readFileSync(vmlinux)).digest("hex");
  // kbuild leaves a `source` link to the source tree in an out-of-tree build directory
  const srcDir = req.source ? resolve(req.source) : existsSync(join(dir, "source")) ? realpathSync(join(dir, "source")) : dir;
  const subsystems = readSubsystems(srcDir, m.objects);
  const name = req.name ?? `${basename(dir)}@measured`;
  return store.saveBuild(
    {
      identity: `vmlinux:${hash}`,
      name,
      source: vmlinux,
      revision: hash.slice(0, 12),
      recipe: "measured",
      recipeHash: "",
      arch: "",
      toolchain: "",
      sourceDir: existsSync(join(srcDir, "Makefile")) ? srcDir : null,
      buildDir: dir,
      status: "ok",
      failedStep: null,
      logTail: null,
      durationMs: null,
      compiled: null,
    },
    { ...m, config: existsSync(join(dir, ".config")) ? readFileSync(join(dir, ".config"), "utf8") : null, subsystems },
  );
}
