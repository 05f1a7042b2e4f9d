// The farm's worker: `kbloat worker --queue redis://… --db postgres://…` takes build jobs from
// the queue, builds each with this machine's source cache and ccache, and stores the Build.

import { hostname } from "node:os";
import type { Command } from "commander";
import type { Context } from "./main.js";
import { intOption } from "./recipe-options.js";

export function registerFarmCommands(program: Command, ctx: Context): void {
  program
    .command("worker")
    .description("take build jobs from a farm's queue (track --queue enqueues them), build and store each")
    .requiredOption("--queue <url>", "the queue: redis://HOST:PORT")
    .option("--concurrency <n>", "jobs built at once (each runs make -j$(nproc))", "1")
    .option("--repo <dir...>", "git repositories to find the jobs' commits in (besides the coordinator's path)")
    .option("--name <name>", "how this worker is named in progress and errors", `${hostname()}:${process.pid}`)
    .action(async (o: { queue: string; concurrency: string; repo?: string[]; name: string }) => {
      const { resolve } = await import("node:path");
      const { startWorker } = await import("../adapters/build-queue.js");
      const { runBuildJob } = await import("../app/build-job.js");
      type Job = import("../app/build-job.js").BuildJob;
      const store = ctx.store();
      const repos = (o.repo ?? []).map((r) => resolve(r));
      const log = (line: string) => ctx.io.stderr.write(`kbloat worker ${o.name}: ${line}\n`);
      const worker = await startWorker<Job>(o.queue, o.name, intOption("--concurrency", o.concurrency), async (job, progress) => {
        log(`building ${job.name}`);
        // at most one progress report a second through the queue: the phase changes, and the count
        let sent = 0;
        const record = await runBuildJob(job, { repos }, store, ctx.cache, (e) => {
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
      log(`waiting for jobs on ${o.queue}`);
      const stop = () => void worker.close();
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
      await worker.closed;
    });
}
