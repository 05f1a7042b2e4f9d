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

function connectionOf(url: string): { url: string; maxRetriesPerRequest: null } {
  if (!/^rediss?:\/\//.test(url))
    throw new UserError(`--queue ${url} is not a Redis URL`, "pass redis://HOST:PORT (the Redis server the coordinator and workers share)");
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
    throw new UserError(
      `cannot reach the queue at ${url}: ${(e as Error).message || "no answer"}`,
      "start Redis there (scripts/local-redis.sh starts one on loopback), or fix --queue",
    );
  } finally {
    client.disconnect();
  }
}

export interface QueuedJob<T> {
  id: string;
  data: T;
  /** a job that finished before is run once more */
  again?: boolean;
  /** BullMQ's priority: lower is taken first (1 is kept for a worker's preferred neighbour) */
  priority: number;
}

export type JobResult = { ok: true; buildId: number } | { ok: false; cause: string };

export interface Coordinator {
  /**
   * Enqueues the job unless it is queued already and resolves when it has finished, with the
   * stored Build or the cause no worker could build it; its progress goes to `onProgress`.
   * Several jobs may be out at once.
   */
  build<T>(job: QueuedJob<T>, onProgress: (p: JobProgress) => void): Promise<JobResult>;
  /** how many workers are connected to the queue now (0 when none is, or Redis cannot say) */
  countWorkers(): Promise<number>;
  close(): Promise<void>;
}

/** The highest priority, which a worker gives the waiting job it prefers to take next. */
export const PREFERRED_PRIORITY = 1;

/** Priorities of the coordinator's jobs start above the preferred one. */
export const FIRST_PRIORITY = 2;

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
    throw new UserError(
      `cannot reach the queue at ${url}: ${(e as Error).message}`,
      "start Redis there (scripts/local-redis.sh starts one on loopback), or fix --queue",
    );
  }
  const waiting = new Map<string, { resolve: (r: JobResult) => void; reject: (e: unknown) => void; onProgress: (p: JobProgress) => void }>();
  const finish = (id: string, result: JobResult) => {
    const w = waiting.get(id);
    if (!w) return;
    waiting.delete(id);
    w.resolve(result);
  };
  const buildIdOf = (value: unknown) => Number((value as { buildId?: number } | null)?.buildId);
  events.on("progress", ({ jobId, data }) => waiting.get(jobId)?.onProgress(data as JobProgress));
  events.on("completed", ({ jobId, returnvalue }) => finish(jobId, { ok: true, buildId: buildIdOf(returnvalue) }));
  events.on("failed", ({ jobId, failedReason }) => {
    void (async () => {
      // a failure that will be retried is not the end of the job
      const job = await queue.getJob(jobId);
      if (job && (await job.getState()) !== "failed") return;
      finish(jobId, { ok: false, cause: failedReason });
    })().catch((e) => waiting.get(jobId)?.reject(e));
  });
  // what finished while the events' connection was down (Redis restarting): looked up every 5 s
  const sweep = setInterval(() => {
    void (async () => {
      for (const id of [...waiting.keys()]) {
        const job = await queue.getJob(id);
        const state = job ? await job.getState() : "unknown";
        if (job && state === "completed") finish(id, { ok: true, buildId: buildIdOf(job.returnvalue) });
        else if (job && state === "failed") finish(id, { ok: false, cause: job.failedReason });
      }
    })().catch(() => {});
  }, 5_000);
  return {
    async build(j, onProgress) {
      const done = new Promise<JobResult>((resolve, reject) => {
        const had = waiting.get(j.id);
        // the same Build asked for twice at once: both hear its one outcome
        waiting.set(j.id, had ? { resolve: (r) => (had.resolve(r), resolve(r)), reject, onProgress } : { resolve, reject, onProgress });
      });
      // what finished before this coordinator listened (a rerun, another coordinator's): a Build
      // done is reported; a job that failed is asked for again, with another round of attempts
      const job = await queue.getJob(j.id);
      const state = job ? await job.getState() : "unknown";
      if (job && j.again && (state === "completed" || state === "failed")) await job.remove();
      else if (job && state === "completed") finish(j.id, { ok: true, buildId: buildIdOf(job.returnvalue) });
      else if (job && state === "failed") await job.retry();
      if (waiting.has(j.id)) {
        const options = {
          jobId: j.id,
          priority: j.priority,
          attempts: ATTEMPTS,
          backoff: { type: "exponential", delay: 2_000 },
          removeOnComplete: { age: 7 * 86_400 },
          removeOnFail: { age: 7 * 86_400 },
        };
        await queue.add("build", j.data, options);
      }
      return done;
    },
    async countWorkers() {
      return queue.getWorkers().then(
        (ws) => ws.length,
        () => 0,
      );
    },
    async close() {
      clearInterval(sweep);
      await Promise.allSettled([queue.close(), events.close()]);
    },
  };
}

export interface RunningWorker {
  /** resolves when the worker has stopped (close, or a signal) */
  closed: Promise<void>;
  close(): Promise<void>;
}

export interface WorkerOptions<T> {
  name: string;
  concurrency: number;
  /**
   * Which of the waiting jobs this worker would rather take next, after it finished `done`
   * (a neighbour of the revision its tree holds now): that job is moved to the front.
   */
  prefer?: (done: T, waiting: { id: string; data: T }[]) => string | null;
}

/** How many waiting jobs a worker looks through for the one it prefers. */
const PREFERENCE_WINDOW = 500;

/**
 * Takes jobs until closed; `handle` builds one and returns the stored Build's id. Progress goes
 * back through the queue, named by `o.name` (this worker).
 */
export async function startWorker<T>(
  url: string,
  o: WorkerOptions<T>,
  handle: (data: T, progress: (p: Omit<JobProgress, "worker">) => void) => Promise<number>,
): Promise<RunningWorker> {
  const { Queue, Worker, UnrecoverableError } = await import("bullmq");
  const connection = connectionOf(url);
  await probeRedis(url);
  let stop: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const queue: Queue = new Queue(QUEUE_NAME, { connection });
  queue.on("error", () => {});
  // before this worker asks for its next job: the waiting one it prefers goes to the front
  const moveUpPreferred = async (done: T) => {
    if (!o.prefer) return;
    const waiting = (await queue.getPrioritized(0, PREFERENCE_WINDOW - 1)).filter((j) => j.id !== undefined);
    const id = o.prefer(
      done,
      waiting.map((j) => ({ id: j.id as string, data: j.data as T })),
    );
    const job = id ? await queue.getJob(id) : undefined;
    if (job && (await job.getState()) === "prioritized") await job.changePriority({ priority: PREFERRED_PRIORITY });
  };
  const worker: Worker = new Worker(
    QUEUE_NAME,
    async (job: Job) => {
      try {
        const buildId = await handle(job.data as T, (p) => void job.updateProgress({ worker: o.name, ...p }).catch(() => {}));
        await moveUpPreferred(job.data as T).catch(() => {});
        return { buildId };
      } catch (e) {
        // a cause this worker named (a missing commit, another toolchain) does not get better with retries
        if (e instanceof UserError) throw new UnrecoverableError(`${o.name}: ${e.message}${e.hint ? ` (${e.hint})` : ""}`);
        throw e;
      }
    },
    { connection, concurrency: o.concurrency, lockDuration: LOCK_MS, stalledInterval: LOCK_MS / 2, maxStalledCount: 2, name: o.name },
  );
  worker.on("error", () => {});
  try {
    await Promise.all([worker.waitUntilReady(), queue.waitUntilReady()]);
  } catch (e) {
    await Promise.allSettled([worker.close(true), queue.close()]);
    throw new UserError(
      `cannot reach the queue at ${url}: ${(e as Error).message}`,
      "start Redis there (scripts/local-redis.sh starts one on loopback), or fix --queue",
    );
  }
  worker.on("closed", () => {
    void queue.close().catch(() => {});
    stop();
  });
  return {
    closed,
    async close() {
      await worker.close();
      await queue.close().catch(() => {});
      stop();
    },
  };
}
