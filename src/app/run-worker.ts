// The farm worker's use case: take build jobs from the queue until stopped, build and store
// each (runBuildJob), and report each job's phase and objects compiled back through the queue.

import { startWorker } from "../adapters/build-queue.js";
import { pickNearestJob } from "../core/farm-order.js";
import { type BuildJob, runBuildJob, type WorkerSources } from "./build-job.js";
import type { BuildStore } from "./build-record.js";

export interface WorkerRequest {
  queue: string;
  name: string;
  concurrency: number;
  sources: WorkerSources;
}

/** Resolves when the worker has stopped: `stop` (a signal) lets the current builds finish first. */
export async function runWorker(
  req: WorkerRequest,
  store: BuildStore,
  cache: string,
  log: (line: string) => void,
): Promise<{ stop: () => void; stopped: Promise<void> }> {
  // after a build, the waiting job nearest to it in the same series: the tree moves the least
  const prefer = (done: BuildJob, waiting: { id: string; data: BuildJob }[]) =>
    done.place
      ? pickNearestJob(
          done.place,
          waiting.map((w) => ({ id: w.id, place: w.data.place })),
        )
      : null;
  const worker = await startWorker<BuildJob>(req.queue, { name: req.name, concurrency: req.concurrency, prefer }, async (job, progress) => {
    log(`building ${job.name}`);
    // at most one progress report a second through the queue: the phase changes, and the count
    let sent = 0;
    const record = await runBuildJob(job, req.sources, store, cache, (e) => {
      if (e.kind === "phase") {
        sent = Date.now();
        progress({ phase: e.phase, compiled: null });
      } else if (e.kind === "progress" && Date.now() - sent >= 1000) {
        sent = Date.now();
        progress({ phase: e.phase, compiled: e.compiled, current: e.current });
      } else if (e.kind === "note") log(e.message);
    });
    log(`${job.name}: ${record.status} (build ${record.id})`);
    return record.id;
  });
  log(`waiting for jobs on ${req.queue}`);
  return { stop: () => void worker.close(), stopped: worker.closed };
}
