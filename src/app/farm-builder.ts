// The farm's side of "build this revision": a job for the workers (the Build as data), enqueued
// once per Build identity, its worker's progress shown as it comes, the stored Build read back
// when the job is done. Many may be out at once; the series is spread over the workers.

import { type Coordinator, FIRST_PRIORITY, openCoordinator } from "../adapters/build-queue.js";
import { spreadRank } from "../core/farm-order.js";
import { UserError } from "../core/user-error.js";
import { type BuildJob, jobIdOf } from "./build-job.js";
import { hashText, identifyBuild } from "./build-and-store.js";
import type { BuildStore } from "./build-record.js";
import type { BuildPhaseName, EventSink } from "./events.js";
import { type BuildPlan, findReusable, type RevisionBuilder } from "./revision-builder.js";

/** As many builds out at once as there are revisions: every one handed to the farm is needed. */
const FARM_SLOTS = Number.POSITIVE_INFINITY;

export async function openFarmBuilder(plan: BuildPlan, queueUrl: string, store: BuildStore, emit: EventSink): Promise<RevisionBuilder> {
  // the queue is opened with the first job (a series all stored needs none), and the workers counted then
  let opened: Promise<{ c: Coordinator; workers: number }> | null = null;
  const open = () => {
    opened ??= openCoordinator(queueUrl).then(async (c) => ({ c, workers: Math.max(1, await c.countWorkers()) }));
    return opened;
  };
  const seriesKey = hashText(`${plan.family}|${plan.r.recipeHash}|${plan.r.toolchain}|${plan.tree ?? ""}`).slice(0, 16);
  return {
    slots: FARM_SLOTS,
    async build(p) {
      const { existing, reusable } = await findReusable(p, plan, store);
      if (reusable) return reusable;
      if (p.sourceIdentity.kind !== "git" && p.sourceIdentity.kind !== "tarball") {
        throw new UserError(
          `${p.name} is built from a plain directory, which a farm's workers cannot reach`,
          "give --queue a git repository or release tarballs, or build without --queue",
        );
      }
      // a Build stored as failed and asked for again: its job is run again, and the worker rebuilds it
      const again = existing !== undefined;
      const data: BuildJob = {
        name: p.name,
        display: p.display,
        revision: p.revision,
        source: p.sourceIdentity,
        location: p.sourceLocation,
        recipe: (p.r ?? plan.r).recipe,
        toolchain: (p.r ?? plan.r).toolchain,
        retryFailed: again,
        tree: plan.tree,
        place: { key: seriesKey, position: p.position },
      };
      const { c, workers } = await open();
      const priority = FIRST_PRIORITY + spreadRank(p.position, plan.size, workers);
      const identity = identifyBuild(p.sourceIdentity, p.r ?? plan.r);
      // a job the queue remembers as done for another database (a farm's Redis shared, or its
      // database new) is run again, once, for this one
      for (const rerun of again ? [true] : [false, true]) {
        const result = await c.build({ id: jobIdOf(data), data, again: rerun, priority }, progressOf(p.name, emit));
        if (!result.ok) {
          emit({ kind: "note", message: `${p.name}: no worker could build it: ${result.cause}` });
          return { record: null, cause: result.cause };
        }
        // by identity, never by the id a worker reports: ids are per database
        const record = await store.findBuildByIdentity(identity);
        if (record) return { record, how: "built" };
      }
      const cause = "the workers stored it in a database that is not this one: start them with the coordinator's --db";
      emit({ kind: "note", message: `${p.name}: ${cause}` });
      return { record: null, cause };
    },
    async close() {
      if (opened) await (await opened.catch(() => null))?.c.close();
    },
  };
}

/** A line when the job enters a phase on a worker, the count of compiled objects in between. */
function progressOf(name: string, emit: EventSink) {
  let last = "";
  let startedAt: number | null = null;
  return (p: { worker: string; phase: string; compiled: number | null; current?: string }) => {
    startedAt ??= Date.now();
    const build = `${name} on ${p.worker}`;
    const elapsedMs = Date.now() - startedAt;
    const phase = p.phase as BuildPhaseName;
    if (last !== `${p.worker} ${p.phase}`) emit({ kind: "phase", phase, build, elapsedMs });
    else if (p.compiled !== null) emit({ kind: "progress", phase, build, compiled: p.compiled, expected: null, current: p.current ?? "", elapsedMs });
    last = `${p.worker} ${p.phase}`;
  };
}
