// The farm's queue: BullMQ on Redis. A coordinator enqueues build jobs (one per Build identity,
// so a Build asked for twice is one job) and follows their progress; workers take them, one
// lock each, which BullMQ renews while the build runs: a worker killed mid-build stops renewing,
// and after the lock expires its job goes back to the queue for another worker.

import type { Job, Queue, QueueEvents, Worker } from "bullmq";
import { UserError } from "../core/user-error.js";

export const QUEUE_NAME = "kbloat-builds";

/** How long a job stays locked to a worker that stopped renewing it (killed, or cut off). */
export const LOCK_MS = 30_000;

/** Jobs that throw (the worker could not do them) are tried this many times in all, with backoff. */
export const ATTEMPTS = 3;

export interface JobProgress {
  worker: string;
  phase: string;
  compiled: number | null;
  /** the file being compiled */
  current?: string;
}

export interface JobOutcome {
  id: string;
  /** the stored Build's id, or the cause when no worker could build it */
  result: { ok: true; buildId: number } | { ok: false; cause: string };
}

function connectionOf(url: string): { url: string; maxRetriesPerRequest: null } {
  if (!/^rediss?:\/\//.test(url)) throw new UserError(`--queue ${url} is not a Redis URL`, "pass redis://HOST:PORT (the Redis server the coordinator and workers share)");
  // BullMQ's workers block on Redis: they must wait through a restart, not give up on a command
  return { url, maxRetriesPerRequest: null };
}

/**
 * Connects once, without retrying: BullMQ's own connections wait through any outage (a Redis
 * restarting must not fail a farm), so a server that is not there at all would hang them.
 */
async function probeRedis(url: string): Promise<void> {
  const { Redis } = await import("ioredis");
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 5_000, enableOfflineQueue: false });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    throw new UserError(`cannot reach the queue at ${url}: ${(e as Error).message || "no answer"}`, "start Redis there (scripts/local-redis.sh starts one on loopback), or fix --queue");
  } finally {
    client.disconnect();
  }
}

export interface Coordinator {
  /**
   * Enqueues the jobs not queued already and resolves when all have finished (`onDone` is
   * called for each, in any order). `again`: a job that finished before is run once more.
   */
  run<T>(jobs: { id: string; data: T; again?: boolean }[], onProgress: (id: string, p: JobProgress) => void, onDone: (o: JobOutcome) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export async function openCoordinator(url: string): Promise<Coordinator> {
  const { Queue, QueueEvents } = await import("bullmq");
  const connection = connectionOf(url);
  await probeRedis(url);
  const queue: Queue = new Queue(QUEUE_NAME, { connection });
  const events: QueueEvents = new QueueEvents(QUEUE_NAME, { connection });
  queue.on("error", () => {});
  events.on("error", () => {});
  try {
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  } catch (e) {
    await Promise.allSettled([queue.close(), events.close()]);
    throw new UserError(`cannot reach the queue at ${url}: ${(e as Error).message}`, "start Redis there (scripts/local-redis.sh starts one on loopback), or fix --queue");
  }
  return {
    async run(jobs, onProgress, onDone) {
      const pending = new Set(jobs.map((j) => j.id));
      if (pending.size === 0) return;
      let resolveAll: () => void = () => {};
      let rejectAll: (e: unknown) => void = () => {};
      const finished = new Promise<void>((resolve, reject) => {
        resolveAll = resolve;
        rejectAll = reject;
      });
      const finish = (id: string, result: JobOutcome["result"]) => {
        if (!pending.delete(id)) return;
        onDone({ id, result }).then(() => pending.size === 0 && resolveAll(), rejectAll);
      };
      const buildIdOf = (value: unknown) => Number((value as { buildId?: number } | null)?.buildId);
      const onProgressEvent = ({ jobId, data }: { jobId: string; data: unknown }) => void (pending.has(jobId) && onProgress(jobId, data as JobProgress));
      const onCompleted = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) => finish(jobId, { ok: true, buildId: buildIdOf(returnvalue) });
      const onFailed = ({ jobId, failedReason }: { jobId: string; failedReason: string }) =>
        void (async () => {
          // a failure that will be retried is not the end of the job
          const job = await queue.getJob(jobId);
          if (job && (await job.getState()) !== "failed") return;
          finish(jobId, { ok: false, cause: failedReason });
        })().catch(rejectAll);
      events.on("progress", onProgressEvent);
      events.on("completed", onCompleted);
      events.on("failed", onFailed);
      // what finished before this coordinator listened (a rerun, another coordinator's): a
      // Build done is reported; a job that failed is asked for again, with another round of attempts
      const again = new Set(jobs.filter((j) => j.again).map((j) => j.id));
      for (const id of pending) {
        const job = await queue.getJob(id);
        const state = job ? await job.getState() : "unknown";
        if (job && again.has(id) && (state === "completed" || state === "failed")) await job.remove();
        else if (job && state === "completed") finish(id, { ok: true, buildId: buildIdOf(job.returnvalue) });
        else if (job && state === "failed") await job.retry();
      }
      for (const j of jobs) {
        if (!pending.has(j.id)) continue;
        await queue.add("build", j.data, { jobId: j.id, attempts: ATTEMPTS, backoff: { type: "exponential", delay: 2_000 }, removeOnComplete: { age: 7 * 86_400 }, removeOnFail: { age: 7 * 86_400 } });
      }
      // what finished while the events' connection was down (Redis restarting): looked up every 5 s
      const sweep = setInterval(() => {
        void (async () => {
          for (const id of [...pending]) {
            const job = await queue.getJob(id);
            const state = job ? await job.getState() : "unknown";
            if (job && state === "completed") finish(id, { ok: true, buildId: buildIdOf(job.returnvalue) });
            else if (job && state === "failed") finish(id, { ok: false, cause: job.failedReason });
          }
        })().catch(() => {});
      }, 5_000);
      try {
        await finished;
      } finally {
        clearInterval(sweep);
        events.off("progress", onProgressEvent);
        events.off("completed", onCompleted);
        events.off("failed", onFailed);
      }
    },
    async close() {
      await Promise.allSettled([queue.close(), events.close()]);
    },
  };
}

export interface RunningWorker {
  /** resolves when the worker has stopped (close, or a signal) */
  closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Takes jobs until closed; `handle` builds one and returns the stored Build's id. Progress goes
 * back through the queue, named by `name` (this worker).
 */
export async function startWorker<T>(url: string, name: string, concurrency: number, handle: (data: T, progress: (p: Omit<JobProgress, "worker">) => void) => Promise<number>): Promise<RunningWorker> {
  const { Worker, UnrecoverableError } = await import("bullmq");
  const connection = connectionOf(url);
  await probeRedis(url);
  let stop: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const worker: Worker = new Worker(
    QUEUE_NAME,
    async (job: Job) => {
      try {
        const buildId = await handle(job.data as T, (p) => void job.updateProgress({ worker: name, ...p }).catch(() => {}));
        return { buildId };
      } catch (e) {
        // a cause this worker named (a missing commit, another toolchain) does not get better with retries
        if (e instanceof UserError) throw new UnrecoverableError(`${name}: ${e.message}${e.hint ? ` (${e.hint})` : ""}`);
        throw e;
      }
    },
    { connection, concurrency, lockDuration: LOCK_MS, stalledInterval: LOCK_MS / 2, maxStalledCount: 2, name },
  );
  worker.on("error", () => {});
  try {
    await worker.waitUntilReady();
  } catch (e) {
    await worker.close(true).catch(() => {});
    throw new UserError(`cannot reach the queue at ${url}: ${(e as Error).message}`, "start Redis there (scripts/local-redis.sh starts one on loopback), or fix --queue");
  }
  worker.on("closed", () => stop());
  return {
    closed,
    async close() {
      await worker.close();
      stop();
    },
  };
}
