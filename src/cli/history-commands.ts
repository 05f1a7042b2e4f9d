// The verbs over history: track (a series), blame (the commits), shame (the ranking of what
// blame found) and check (the CI gate for a patch series).

// Each verb loads what it runs when it runs (a verb's start is kbloat's start).

import { type Command, Option } from "commander";
import { SHAME_GRAINS } from "../core/shame.js";
import type { Context } from "./main.js";
import { createProgressRenderer } from "./render-progress.js";
import { addRecipeOptions, intOption, recipeFromOptions } from "./recipe-options.js";

/** exit code of check over budget, or of a head that does not build */
const EXIT_OVER_BUDGET = 1;

export function registerHistoryCommands(program: Command, ctx: Context): void {
  const out = (s: string) => ctx.io.stdout.write(s);

  addRecipeOptions(
    program
      .command("track")
      .description("build a series: a git range or list of revisions, or release tarballs in version order")
      .argument("<source>", "a git repository, or release tarballs / a folder of them")
      .argument("[more...]", "for git: A..B or a list of revisions; for tarballs: more tarballs")
      .option("--tags", "git: the tagged commits of the range")
      .option("--merges", "git: the first-parent merge commits of the range")
      .option("--every <n>", "git: every Nth first-parent commit of the range")
      .option("--retry-failed", "build revisions whose stored build failed again")
      .option("--queue <url>", "a farm's queue (redis://HOST:PORT): kbloat worker processes build, this one follows"),
  ).action(async (source: string, more: string[], o) => {
    const recipe = recipeFromOptions(o);
    const { classifyTrackSource, trackSeries } = await import("../app/track-series.js");
    const { seriesView } = await import("../app/views/series-view.js");
    const { renderSeries } = await import("./render-series.js");
    const { renderTrackChart, terminalColumns } = await import("./render-terminal-chart.js");
    const trackSource = await classifyTrackSource(source, more, { tags: o.tags, merges: o.merges, every: o.every && intOption("--every", o.every) });
    const progress = createProgressRenderer(ctx.io.stderr);
    try {
      const points = await trackSeries(
        { source: trackSource, recipe, retryFailed: o.retryFailed, jobs: o.jobs && intOption("--jobs", o.jobs), queue: o.queue },
        ctx.store(),
        ctx.cache,
        progress.onEvent,
      );
      progress.done();
      const view = seriesView(recipe.name, points);
      out(renderSeries(view, ctx.format()));
      if (ctx.format() === "text") out(renderTrackChart(view, terminalColumns(ctx.io.stdout as { isTTY?: boolean; columns?: number })));
      if (points.some((p) => p.record.status === "failed")) ctx.exitCode = 2;
    } finally {
      progress.done();
    }
  });

  addRecipeOptions(
    program
      .command("blame")
      .description("the commits of A..B that grew or shrank the kernel proper by at least --threshold content bytes")
      .argument("<range>", "A..B, along first-parent history")
      .option("--threshold <bytes>", "smallest change worth naming, in content bytes", "1024")
      .option("--into-merges", "attribute a merge's change to the commits of the branch it merged")
      .option("--repo <dir>", "the kernel git repository (default: the one holding the current directory)")
      .option("--queue <url>", "a farm's queue (redis://HOST:PORT): kbloat worker processes build, several revisions at once"),
  ).action(async (range: string, o) => {
    const recipe = recipeFromOptions(o);
    const progress = createProgressRenderer(ctx.io.stderr);
    try {
      const { blameRange } = await import("../app/blame-range.js");
      const { blameView } = await import("../app/views/blame-view.js");
      const { renderBlame } = await import("./render-blame.js");
      const result = await blameRange(
        {
          range,
          repo: o.repo,
          threshold: intOption("--threshold", o.threshold),
          recipe,
          jobs: o.jobs && intOption("--jobs", o.jobs),
          intoMerges: o.intoMerges,
          queue: o.queue,
        },
        ctx.store(),
        ctx.cache,
        progress.onEvent,
      );
      progress.done();
      out(renderBlame(result, blameView(result), ctx.format()));
    } finally {
      progress.done();
    }
  });

  program
    .command("shame")
    .description("the hall of shame: the commits blame named, ranked by the content bytes they added (and the thanks list)")
    .addOption(new Option("--by <grain>", "rank commits, authors, or the subsystems whose objects grew").choices(SHAME_GRAINS).default("commit"))
    .option("--recipe <name>", "the recipe whose culprits to rank (needed when several are stored)")
    .option("--since <rev>", "only commits after this revision (or an ISO date such as 2024-11-17)")
    .option("--repo <dir>", "the git repository --since is resolved in (default: the one holding the current directory)")
    .option("--top <n>", "rows per list", "10")
    .action(async (o) => {
      const { shameCulprits } = await import("../app/shame.js");
      const { shameView } = await import("../app/views/shame-view.js");
      const { renderShame } = await import("./render-shame.js");
      const report = await shameCulprits({ by: o.by, recipe: o.recipe, since: o.since, repo: o.repo }, ctx.readStore());
      out(renderShame(shameView(report, intOption("--top", o.top)), ctx.format()));
    });

  addRecipeOptions(
    program
      .command("check")
      .description("the CI gate: build base and head, print the diff, exit 1 when the head adds more than --budget content bytes")
      .requiredOption("--base <rev>", "the revision the patch series applies to")
      .requiredOption("--head <rev>", "the last commit of the patch series")
      .requiredOption("--budget <bytes>", "content bytes the series may add (0: no growth)")
      .option("--repo <dir>", "the kernel git repository (default: the one holding the current directory)")
      .option("--queue <url>", "a farm's queue (redis://HOST:PORT): kbloat worker processes build base and head"),
  ).action(async (o) => {
    const recipe = recipeFromOptions(o);
    const progress = createProgressRenderer(ctx.io.stderr);
    try {
      const { checkPatch } = await import("../app/check-patch.js");
      const { checkView } = await import("../app/views/blame-view.js");
      const { renderCheck } = await import("./render-check.js");
      const r = await checkPatch(
        {
          base: o.base,
          head: o.head,
          budget: intOption("--budget", o.budget, { negative: true }),
          repo: o.repo,
          recipe,
          jobs: o.jobs && intOption("--jobs", o.jobs),
          queue: o.queue,
        },
        ctx.store(),
        ctx.cache,
        progress.onEvent,
      );
      progress.done();
      out(renderCheck(r, checkView(r), ctx.format()));
      if (r.verdict === "over-budget" || r.verdict === "head-failed") ctx.exitCode = EXIT_OVER_BUDGET;
    } finally {
      progress.done();
    }
  });
}
