// What is stored about a Build, and the storage interface the app layer talks to.

import type { SourceIdentity } from "../core/build-identity.js";
import type { Measurement, ObjectSize, SymbolSize } from "../core/measurement.js";
import type { BuiltModule } from "../core/module-layout.js";
import type { Recipe } from "../core/recipe.js";
import type { ShameCulprit } from "../core/shame.js";
import type { SymbolSizeColumns } from "../core/symbol-columns.js";
import { UserError } from "../core/user-error.js";

export type BuildStatus = "ok" | "failed";
export type FailedStep = "configure" | "compile" | "link";

export interface BuildInfo {
  /** computeBuildIdentity's: the source's identity, recipe hash, toolchain; a build with the same identity replaces the old one */
  identity: string;
  /** REV@RECIPE */
  name: string;
  /** how the user named the source */
  source: string;
  revision: string;
  /** what was built, wherever it lay (null for a build stored before kbloat recorded it, whose identity could not be read) */
  sourceIdentity: SourceIdentity | null;
  /** where the machine that built it found the source (a repository, a tarball, a directory); null when unknown */
  sourceLocation: string | null;
  recipe: string;
  recipeHash: string;
  arch: string;
  toolchain: string;
  /** where the kernel tree and the build tree are (null when unknown) */
  sourceDir: string | null;
  buildDir: string | null;
  status: BuildStatus;
  failedStep: FailedStep | null;
  logTail: string | null;
  durationMs: number | null;
  /** objects this build compiled (fewer when make had most of them already) */
  compiled: number | null;
}

/** What saveBuild is given: the Build, and the whole recipe it was built with (null for `measure`). */
export type BuildToSave = BuildInfo & { recipeData: Recipe | null };

export interface BuildFigures {
  text: number;
  data: number;
  bss: number;
  total: number;
  image: number | null;
  content: number | null;
}

export interface BuildRecord extends BuildInfo {
  id: number;
  created: string;
  /** the headline figures of an ok build */
  figures: BuildFigures | null;
  /** for a +mod recipe: content bytes that could still leave the kernel proper, and the core */
  modular: ModularFigures | null;
}

export interface ModularFigures {
  /** tristates left at y that could be m, plus bools that guard their own objects (bool→tristate) */
  couldLeave: number;
  /** what cannot leave: unconditional obj-y and options with no way out */
  core: number;
}

export interface StoredMeasurement extends Measurement {
  config: string | null;
  /** MAINTAINERS subsystem of each object path that has one */
  subsystems: Map<string, string>;
  /** the source files the build read (srctree-relative), when known: blame prunes with them */
  inputs?: string[] | null;
  /** for a +mod recipe, see BuildRecord.modular */
  modular?: ModularFigures | null;
  /** the modules the build made, for a recipe that builds them (stored; loadModules reads them) */
  modules?: BuiltModule[];
  /** object path → option row, filled in for --by option (not stored) */
  options?: Map<string, string>;
}

/** A stored measurement but its symbol table: what the verbs that work per object read (modules, options). */
export type MeasurementWithoutSymbols = Omit<StoredMeasurement, "symbols">;

/** A commit (or a span of commits hiding behind failed builds) that blame named, as stored. */
export interface StoredCulprit extends ShameCulprit {
  recipeHash: string;
  recipe: string;
  sizeDelta: { text: number; data: number; bss: number; total: number };
  imageDelta: number | null;
  /** MAINTAINERS subsystems of the files it touched */
  subsystems: string[];
  baseBuild: number | null;
  headBuild: number | null;
  range: string;
  threshold: number;
  /** the part of a merge that its branch's commits do not explain (blame --into-merges) */
  mergeRest?: boolean;
}

export interface BuildStore {
  /** Stores a build and its measurement in one transaction, replacing any build of the same identity. */
  saveBuild(info: BuildToSave, measurement: StoredMeasurement | null): Promise<BuildRecord>;
  listBuilds(): Promise<BuildRecord[]>;
  findBuildByIdentity(identity: string): Promise<BuildRecord | undefined>;
  /** by numeric id or by name (the newest build of that name) */
  findBuild(ref: string): Promise<BuildRecord | undefined>;
  loadMeasurement(buildId: number): Promise<StoredMeasurement | undefined>;
  /** the same without the symbol table, which the verbs that work per object do not need */
  loadMeasurementWithoutSymbols(buildId: number): Promise<MeasurementWithoutSymbols | undefined>;
  /** just the objects and their subsystems (what the stacked timeline needs) */
  loadObjects(buildId: number): Promise<{ objects: ObjectSize[]; subsystems: Map<string, string> }>;
  /** just the symbol table, with each symbol's object and address where known */
  loadSymbols(buildId: number): Promise<SymbolSize[]>;
  /** name, nm type and size of each symbol, in nm's order, as columns: what bloat-o-meter needs, and no more */
  loadSymbolSizes(buildId: number): Promise<SymbolSizeColumns>;
  /** the whole recipe the build was made with, or null (measured elsewhere, or stored before kbloat kept it) */
  loadRecipe(buildId: number): Promise<Recipe | null>;
  /** the modules the build made (a recipe with options set to m), by path; none for the others */
  loadModules(buildId: number): Promise<BuiltModule[]>;
  /** the files the build read, or null when they were not recorded */
  loadBuildInputs(buildId: number): Promise<Set<string> | null>;
  /** Stores what blame found; a commit found again for the same recipe replaces its old row. */
  saveCulprits(culprits: StoredCulprit[]): Promise<void>;
  listCulprits(): Promise<StoredCulprit[]>;
  /** Runs `read` in one read transaction, so that all it loads comes from one state of the store. */
  readSnapshot<T>(read: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A build that failed: it is stored (as data), and the CLI exits 2 with its cause. */
export class BuildFailed extends Error {
  constructor(
    readonly record: BuildRecord,
    override readonly cause: string,
  ) {
    super(`${record.name} failed at ${record.failedStep}: ${cause}`);
  }
}

export function requireOk(record: BuildRecord): void {
  if (record.status !== "ok") {
    throw new UserError(`build ${record.id} (${record.name}) failed at ${record.failedStep}: it has no measurement`, `see why with: kbloat show ${record.id}`);
  }
}
