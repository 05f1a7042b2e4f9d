// The verbs: build, measure, list, show, diff.

import { type Command, Option } from "commander";
import { bloatOMeter, checkGrain, diffBuilds, loadBuild, loadMeasured } from "../app/queries.js";
import { computeBreakdown, GRAINS, type Grain, limitRows } from "../core/breakdown.js";
import { UserError } from "../core/user-error.js";
import type { Context } from "./main.js";
import { createProgressRenderer } from "./render-progress.js";
import { addRecipeOptions, intOption, recipeFromOptions } from "./recipe-options.js";
import { renderBuildSummary, renderDiff, renderList, renderShow } from "./render-results.js";
import { renderBlame } from "./render-blame.js";
import { renderSeries } from "./render-series.js";

export function registerCommands(program: Command, ctx: Context): void {
  const out = (s: string) => ctx.io.stdout.write(s);

  addRecipeOptions(
    program
      .command("build")
      .description("configure, build, measure and store one kernel")
      .argument("<source>", "kernel source: a directory, a release tarball (.tar.xz) or a git repository")
      .option("--rev <rev>", "git revision to build (default HEAD; the working tree is never used)"),
  )
    .option("--force", "build again even when this build is stored")
    .action(async (source: string, o) => {
      const recipe = recipeFromOptions(o);
      const progress = createProgressRenderer(ctx.io.stderr);
      const store = ctx.store();
      try {
        const { buildKernel } = await import("../app/build-kernel.js");
        const r = await buildKernel({ source, rev: o.rev, recipe, force: o.force, jobs: o.jobs && intOption("--jobs", o.jobs) }, store, ctx.cache, progress.onEvent);
        progress.done();
        const m = await store.loadMeasurement(r.record.id);
        out(renderBuildSummary(r.record, m ?? null, r.reused, ctx.format()));
      } finally {
        progress.done();
      }
    });

  addRecipeOptions(
    program
      .command("track")
      .description("build a series: a git range or list of revisions, or release tarballs in version order")
      .argument("<source>", "a git repository, or release tarballs / a folder of them")
      .argument("[more...]", "for git: A..B or a list of revisions; for tarballs: more tarballs")
      .option("--tags", "git: the tagged commits of the range")
      .option("--merges", "git: the first-parent merge commits of the range")
      .option("--every <n>", "git: every Nth first-parent commit of the range")
      .option("--retry-failed", "build revisions whose stored build failed again"),
  ).action(async (source: string, more: string[], o) => {
    const recipe = recipeFromOptions(o);
    const { classifyTrackSource, trackSeries } = await import("../app/track-series.js");
    const trackSource = await classifyTrackSource(source, more, { tags: o.tags, merges: o.merges, every: o.every && intOption("--every", o.every) });
    const progress = createProgressRenderer(ctx.io.stderr);
    try {
      const points = await trackSeries({ source: trackSource, recipe, retryFailed: o.retryFailed, jobs: o.jobs && intOption("--jobs", o.jobs) }, ctx.store(), ctx.cache, progress.onEvent);
      progress.done();
      out(renderSeries(points, recipe.name, ctx.format()));
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
      .option("--repo <dir>", "the kernel git repository (default: the one holding the current directory)"),
  ).action(async (range: string, o) => {
    const recipe = recipeFromOptions(o);
    const progress = createProgressRenderer(ctx.io.stderr);
    try {
      const { blameRange } = await import("../app/blame-range.js");
      const result = await blameRange({ range, repo: o.repo, threshold: intOption("--threshold", o.threshold), recipe, jobs: o.jobs && intOption("--jobs", o.jobs) }, ctx.store(), ctx.cache, progress.onEvent);
      progress.done();
      out(renderBlame(result, ctx.format()));
    } finally {
      progress.done();
    }
  });

  program
    .command("measure")
    .description("store a Measurement of a vmlinux built elsewhere")
    .argument("<vmlinux>", "a linked vmlinux")
    .option("--build-dir <dir>", "its build tree (for the link map, boot image and .config; default: the vmlinux's directory)")
    .option("--source <dir>", "its source tree (for MAINTAINERS subsystems; default: the build tree's `source` link)")
    .option("--name <name>", "the name to store it under")
    .action(async (vmlinux: string, o) => {
      const store = ctx.store();
      const note = (message: string) => ctx.io.stderr.write(`kbloat: ${message}\n`);
      const { measureVmlinux } = await import("../app/measure-vmlinux.js");
      const record = await measureVmlinux({ vmlinux, buildDir: o.buildDir, source: o.source, name: o.name }, store, note);
      out(renderBuildSummary(record, (await store.loadMeasurement(record.id)) ?? null, false, ctx.format()));
    });

  program
    .command("list")
    .description("the stored builds")
    .action(async () => out(renderList(await ctx.store().listBuilds(), ctx.format())));

  const grainOption = () => new Option("--by <grain>", "what to break the bytes down by").choices(GRAINS).default("dir");
  program
    .command("show")
    .description("where the bytes of one build go")
    .argument("<build>", "build id or REV@RECIPE name")
    .addOption(grainOption())
    .option("--depth <n>", "directory depth for --by dir", "1")
    .option("--top <n>", "show the N largest rows, fold the rest into one")
    .action(async (ref: string, o) => {
      const store = ctx.store();
      const build = await loadBuild(store, ref);
      if (build.status !== "ok") return out(renderShow(build, null, [], o.by, ctx.format()));
      const { m } = await loadMeasured(store, ref);
      checkGrain(build, m, o.by as Grain);
      const rows = computeBreakdown(m, { by: o.by, depth: intOption("--depth", o.depth) });
      out(renderShow(build, m, limitRows(rows, o.top === undefined ? undefined : intOption("--top", o.top)), o.by, ctx.format()));
    });

  program
    .command("diff")
    .description("head minus base, at any grain; --format bloat-o-meter prints what scripts/bloat-o-meter prints")
    .argument("<base>", "build id or name")
    .argument("<head>", "build id or name")
    .addOption(grainOption())
    .option("--depth <n>", "directory depth for --by dir", "1")
    .option("--top <n>", "show the N largest changes")
    .option("-c", "with --format bloat-o-meter: categorize by symbol type")
    .option("-d", "with --format bloat-o-meter: data only")
    .option("-t", "with --format bloat-o-meter: text only")
    .action(async (a: string, b: string, o) => {
      const format = ctx.rawFormat();
      const store = ctx.store();
      if (format === "bloat-o-meter") {
        const modes = [o.c && "c", o.d && "d", o.t && "t"].filter(Boolean) as ("c" | "d" | "t")[];
        if (modes.length > 1) throw new UserError("-c, -d and -t cannot be combined (bloat-o-meter takes one)");
        return out(await bloatOMeter(store, a, b, modes[0] ?? "all"));
      }
      if (o.c || o.d || o.t) throw new UserError("-c, -d and -t go with --format bloat-o-meter");
      const r = await diffBuilds(store, a, b, o.by, intOption("--depth", o.depth));
      out(renderDiff(r, o.by, o.top === undefined ? undefined : intOption("--top", o.top), ctx.format()));
    });
}
