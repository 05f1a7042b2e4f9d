// What the store tests save: one Build, its measurement, a culprit.

import type { BuildToSave, StoredCulprit, StoredMeasurement } from "../../src/app/build-record.js";

/** a Build as saveBuild takes it: a tarball, a whole recipe */
export const info = (identity: string, name: string): BuildToSave => ({
  identity,
  name,
  source: "linux.tar.xz",
  revision: "6.12.1",
  sourceIdentity: { kind: "tarball", sha256: "ab".repeat(32) },
  sourceLocation: "/tarballs/linux.tar.xz",
  recipeData: {
    name: "tiny",
    base: { kind: "make", target: "tinyconfig" },
    transforms: [{ kind: "yes2modconfig" }],
    arch: "x86_64",
    toolchain: { cc: "", llvm: false, crossCompile: "" },
  },
  recipe: "tiny",
  recipeHash: "abc",
  arch: "x86_64",
  toolchain: "gcc 12",
  sourceDir: "/src",
  buildDir: "/out",
  status: "ok",
  failedStep: null,
  logTail: null,
  durationMs: 1234,
  compiled: 500,
});

/** a small measurement with everything a store keeps */
export const m: StoredMeasurement = {
  totals: { text: 100, data: 20, bss: 3, total: 123 },
  content: 90,
  linkerMade: { text: 2, data: 0, bss: 3 },
  image: 77,
  sections: [{ name: ".text", size: 100, addr: "18446744071578845184", class: "text" }],
  symbols: [
    { name: "start_kernel", type: "T", size: 40 },
    { name: "helper", type: "t", size: 8 },
    { name: "helper", type: "t", size: 12 },
  ],
  objects: [{ path: "init/main.o", text: 50, data: 20, bss: 3 }],
  subsystems: new Map([["init/main.o", "INIT"]]),
  config: "CONFIG_X=y\n",
};

/** a commit blame named, with markup in its subject (text, never markup) */
export const culprit = (commit: string, delta: number): StoredCulprit => ({
  recipeHash: "abc",
  recipe: "tiny",
  commit,
  commits: [commit],
  subject: `subject of ${commit} <b>"quoted"</b>`,
  author: "Kernel Dev",
  date: "2024-11-17T10:00:00+01:00",
  delta,
  sizeDelta: { text: 0, data: delta, bss: 0, total: delta },
  imageDelta: null,
  subsystems: ["INIT"],
  bySubsystem: [{ name: "INIT", delta }],
  baseBuild: 1,
  headBuild: 2,
  range: "a..b",
  threshold: 1024,
});

/** `n` distinct symbols: enough rows that two concurrent saves overlap */
export const manySymbols = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `sym_${i}`, type: "T", size: i + 1 }));
