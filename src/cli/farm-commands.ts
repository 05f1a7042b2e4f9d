// The farm's worker: `kbloat worker --queue redis://… --db postgres://…` takes build jobs from
// the queue, builds each with this machine's source cache and ccache, and stores the Build.

import { hostname } from "node:os";
import { resolve } from "node:path";
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
      const { runWorker } = await import("../app/run-worker.js");
      const request = {
        queue: o.queue,
        name: o.name,
        concurrency: intOption("--concurrency", o.concurrency),
        sources: { repos: (o.repo ?? []).map((r) => resolve(r)) },
      };
      const worker = await runWorker(request, ctx.store(), ctx.cache, (line) => ctx.io.stderr.write(`kbloat worker ${o.name}: ${line}\n`));
      process.once("SIGTERM", worker.stop);
      process.once("SIGINT", worker.stop);
      await worker.stopped;
    });
}
