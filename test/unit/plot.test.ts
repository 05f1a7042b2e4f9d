// kbloat plot: the timeline option (gaps, +mod lines, culprit marks), its SVG rendering (well
// formed, outside text stays text) and the command end to end on a small stored series.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { openSqliteStore } from "../../src/adapters/sqlite-store.js";
import type { BuildToSave, BuildRecord, StoredCulprit, StoredMeasurement } from "../../src/app/build-record.js";
import { seriesView } from "../../src/app/views/series-view.js";
import { stackedSeriesView } from "../../src/app/views/stacked-series.js";
import { buildTimelineOption, bytesAxis, escapeHtml, requireMetric } from "../../src/app/views/timeline-chart.js";
import { runCli } from "../../src/cli/main.js";
import { renderPlotSvg } from "../../src/cli/render-plot-svg.js";

const EVIL_SUBJECT = "<img src=x onerror=alert(1)>";
const EVIL_AUTHOR = '"><script>alert(2)</script>';

function record(id: number, revision: string, content: number | null, o: { recipe?: string; modular?: boolean } = {}): BuildRecord {
  const recipe = o.recipe ?? "tiny";
  const ok = content !== null;
  return {
    ...info(`${revision}@${recipe}`, revision, recipe, ok),
    id,
    created: "2024-11-17",
    figures: ok ? { text: content, data: 100, bss: 10, total: content + 110, image: Math.round(content / 3), content } : null,
    modular: ok && o.modular ? { couldLeave: Math.round(content / 4), core: Math.round(content / 2) } : null,
  };
}

function info(name: string, revision: string, recipe: string, ok: boolean): BuildToSave {
  return {
    identity: name,
    name,
    source: "linux.tar.xz",
    revision,
    sourceIdentity: null,
    sourceLocation: null,
    recipeData: null,
    recipe,
    recipeHash: `hash-${recipe}`,
    arch: "x86_64",
    toolchain: "gcc 12",
    sourceDir: null,
    buildDir: null,
    status: ok ? "ok" : "failed",
    failedStep: ok ? null : "compile",
    logTail: ok ? null : "kernel/fork.c:1: error: boom\n",
    durationMs: null,
    compiled: null,
  };
}

const culprit = (headBuild: number, delta: number, subject = "init: add a table", author = "Kernel Dev", recipe = "tiny"): StoredCulprit => ({
  recipeHash: `hash-${recipe}`,
  recipe,
  commit: `c${headBuild}${delta}`,
  commits: [`c${headBuild}${delta}`],
  subject,
  author,
  date: "2024-11-17T10:00:00+01:00",
  delta,
  sizeDelta: { text: delta, data: 0, bss: 0, total: delta },
  imageDelta: null,
  subsystems: [],
  bySubsystem: [],
  baseBuild: headBuild - 1,
  headBuild,
  range: "a..b",
  threshold: 1024,
});

const records = [record(1, "6.1", 1_700_000), record(2, "6.6", null), record(3, "6.12", 1_708_192), record(4, "7.2", 1_712_000)];
const tiny = seriesView(
  "tiny",
  records.map((r) => ({ record: r })),
  [culprit(3, 8192), culprit(4, 4096, EVIL_SUBJECT, EVIL_AUTHOR)],
);

type Line = { name: string; data: (number | null)[]; connectNulls: boolean };
type Marks = Line & { markPoint: { data: { coord: [number, number]; value?: string }[] }; markLine: { data: { coord: [number, number] }[][] } };
const lines = (o: ReturnType<typeof buildTimelineOption>) => o.series as unknown as Line[];
const culprits = (o: ReturnType<typeof buildTimelineOption>) => lines(o).find((l) => l.name === "culprits") as Marks | undefined;

describe("buildTimelineOption", () => {
  const option = buildTimelineOption(tiny, null, "content");

  test("x is the build names, a failed build is a gap", () => {
    assert.deepEqual(option.xAxis.data, ["6.1@tiny", "6.6@tiny", "6.12@tiny", "7.2@tiny"]);
    const [content] = lines(option);
    assert.deepEqual(content.data, [1_700_000, null, 1_708_192, 1_712_000]);
    assert.equal(content.connectNulls, false);
    const rules = (content as unknown as { markLine: { data: { xAxis: number; label: { formatter: string } }[] } }).markLine.data;
    assert.deepEqual(
      rules.map((r) => [r.xAxis, r.label.formatter]),
      [[1, "failed (compile)"]],
      "and a rule that says it failed",
    );
    assert.equal(option.title.text, "kbloat: content of tiny");
    assert.equal(option.animation, false);
  });

  test("culprits are marked at their point, labelled in lanes above the figures", () => {
    const marks = culprits(option);
    assert.ok(marks, "a culprits series");
    assert.deepEqual(marks.data, [null, null, null, null], "no line of its own");
    const points = marks.markPoint.data.filter((d) => !d.value);
    const labels = marks.markPoint.data.filter((d) => d.value);
    assert.deepEqual(
      points.map((d) => d.coord),
      [
        [2, 1_708_192],
        [3, 1_712_000],
      ],
    );
    assert.equal(labels[0].value, "+8,192 init: add a table (Kernel Dev)");
    assert.deepEqual(
      labels.map((d) => d.coord[0]),
      [2, 3],
    );
    assert.ok(
      labels.every((d) => d.coord[1] > 1_712_000 && d.coord[1] < option.yAxis.max),
      "above every figure, inside the axis",
    );
    assert.notEqual(labels[0].coord[1], labels[1].coord[1], "neighbours whose labels would overlap take different lanes");
    assert.deepEqual(
      marks.markLine.data.map((l) => [l[0].coord, l[1].coord[0]]),
      [
        [[2, 1_708_192], 2],
        [[3, 1_712_000], 3],
      ],
      "a leader from each point up",
    );
    assert.equal(lines(option).filter((l) => l.name !== "culprits").length, 1);
    assert.deepEqual(option.legend.data, ["content"], "the culprits are no legend entry");
  });

  test("a label too wide for the chart is cut to fit", () => {
    const long = seriesView(
      "tiny",
      records.map((r) => ({ record: r })),
      [culprit(4, 4096, "x".repeat(200))],
    );
    const [label] = (culprits(buildTimelineOption(long, null, "content", { width: 400, height: 300 }))?.markPoint.data ?? []).filter((d) => d.value);
    const text = label.value ?? "";
    assert.ok(text.length * 6.6 < 400 && text.endsWith("…"), text);
  });

  test("other metrics: size is size's dec, image the boot image", () => {
    assert.deepEqual(lines(buildTimelineOption(tiny, null, "size"))[0].data, [1_700_110, null, 1_708_302, 1_712_110]);
    assert.deepEqual(
      lines(buildTimelineOption(tiny, null, "image")).map((l) => l.name),
      ["image", "culprits"],
    );
  });

  test("a +mod recipe's content comes with what could leave and the core", () => {
    const builds = [record(1, "6.1", 4000, { recipe: "tiny+mod", modular: true }), record(2, "6.6", null, { recipe: "tiny+mod" })];
    const mod = seriesView(
      "tiny+mod",
      builds.map((r) => ({ record: r })),
    );
    const o = buildTimelineOption(mod, null, "content");
    assert.deepEqual(
      lines(o).map((l) => [l.name, l.data]),
      [
        ["content", [4000, null]],
        ["could leave", [1000, null]],
        ["core", [2000, null]],
      ],
    );
    assert.equal(o.legend.show, true);
    assert.equal(lines(buildTimelineOption(mod, null, "core")).length, 1, "another metric is one line");
  });

  test("stacked: a band per directory, failed builds are gaps", () => {
    const objects = [
      { path: "init/main.o", text: 10, data: 0, bss: 0 },
      { path: "kernel/fork.o", text: 30, data: 0, bss: 0 },
    ];
    const stacked = stackedSeriesView(
      "tiny",
      "dir",
      [1, 3, 4].map((id) => ({ id, objects, subsystems: new Map() })),
    );
    const o = buildTimelineOption(tiny, stacked, "content");
    const bands = lines(o).filter((l) => l.name !== "culprits");
    assert.deepEqual(
      bands.map((l) => [l.name, l.data]),
      [
        ["kernel", [30, null, 30, 30]],
        ["init", [10, null, 10, 10]],
        ["[other]", [0, null, 0, 0]],
      ],
    );
    assert.deepEqual(culprits(o)?.markPoint.data[0].coord, [2, 40], "a culprit sits on the top of the stack");
    assert.equal(o.yAxis.min, 0, "a stack starts at zero");
  });

  test("interactive adds an escaping tooltip and zoom", () => {
    const o = buildTimelineOption(tiny, null, "content", { interactive: true }) as Record<string, any>;
    assert.ok(o.dataZoom);
    const html: string = o.tooltip.formatter([{ dataIndex: 3, seriesName: "content", value: 1_712_000, marker: "" }]);
    assert.match(html, /^7\.2@tiny<br>content: 1,712,000<br>\+4,096 &lt;img src=x onerror=alert\(1\)&gt; \(&quot;&gt;&lt;script&gt;/);
    assert.doesNotMatch(html, /<img|<script/);
    assert.equal("tooltip" in buildTimelineOption(tiny, null, "content"), false, "SSR has no tooltip");
  });

  test("a metric no build has names the recipes that have it", () => {
    assert.throws(
      () => requireMetric(tiny, "could-leave", ["tiny+mod"]),
      (e: Error & { hint?: string }) => {
        assert.equal(e.message, "could-leave is stored for +mod recipes only, and no build of tiny has it");
        assert.match(e.hint ?? "", /tiny\+mod \(kbloat plot --recipe tiny\+mod --metric could-leave\)/);
        return true;
      },
    );
    requireMetric(tiny, "content", []);
  });

  test("escapeHtml and the axis labels", () => {
    assert.equal(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`), "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
    const mib = bytesAxis([1_700_000, null, 1_712_000], false);
    assert.deepEqual([mib.min, mib.max, mib.interval], [1_698_693.12, 1_714_421.76, 5_242.88], "ticks every 0.005 MiB around the figures");
    assert.equal(mib.axisLabel.formatter(1_703_936), "1.625 MiB");
    const kib = bytesAxis([0, 400_000], true);
    assert.deepEqual([kib.min, kib.max, kib.interval], [0, 512_000, 102_400], "from zero, ticks every 100 KiB, headroom above the top");
    assert.equal(kib.axisLabel.formatter(204_800), "200 KiB");
  });
});

describe("renderPlotSvg", () => {
  const svg = renderPlotSvg(tiny, null, "content", { width: 800, height: 400 });

  test("a well-formed SVG with the build names and the culprit", () => {
    assert.ok(svg.startsWith("<svg"), svg.slice(0, 80));
    assert.ok(svg.trimEnd().endsWith("</svg>"));
    assert.match(svg, /width="800" height="400"/);
    const texts = ["6.1@tiny", "6.12@tiny", "7.2@tiny", "kbloat: content of tiny", "+8,192 init: add a table (Kernel Dev)"];
    for (const text of texts) assert.ok(svg.includes(text), text);
  });

  test("a hostile subject and author stay text", () => {
    assert.doesNotMatch(svg, /<img|<script/i);
    assert.ok(svg.includes("&lt;img src=x onerror=alert(1)&gt;"), "the subject, escaped");
    assert.ok(svg.includes("&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"), "the author, escaped");
    const tags = [...svg.matchAll(/<([a-zA-Z]+)/g)].map((m) => m[1]);
    assert.deepEqual(
      [...new Set(tags)].filter((t) => !["svg", "rect", "path", "g", "text", "defs", "clipPath", "style", "tspan", "circle"].includes(t)),
      [],
    );
  });

  test("hostile build names stay text too", () => {
    const builds = [record(1, EVIL_AUTHOR, 10), record(2, "b", 20)].map((r) => ({ record: r }));
    const evil = seriesView(EVIL_SUBJECT, builds, [culprit(2, 10, "{b} {a|x} {c}", "me", EVIL_SUBJECT)]);
    const out = renderPlotSvg(evil, null, "content", { width: 600, height: 300 });
    assert.doesNotMatch(out, /<img|<script/i);
    assert.ok(out.includes("&lt;img"));
    assert.ok(out.includes("+10 {b} {a|x} {c} (me)"), "no ECharts template or rich-text syntax in a subject is interpreted");
  });
});

describe("kbloat plot", () => {
  const dir = mkdtempSync(join(tmpdir(), "kbloat-plot-"));

  async function run(db: string, args: string[]) {
    let stdout = "";
    let stderr = "";
    const io = {
      stdout: { write: (s: string) => void (stdout += s) },
      stderr: { write: (s: string) => void (stderr += s) },
      env: { ...process.env, KBLOAT_CACHE: join(dir, "cache") },
    };
    const code = await runCli(["--db", db, ...args], io);
    return { code, stdout, stderr };
  }

  const m = (content: number): StoredMeasurement => ({
    totals: { text: content, data: 100, bss: 10, total: content + 110 },
    content,
    linkerMade: null,
    image: Math.round(content / 3),
    sections: [],
    symbols: [],
    objects: [
      { path: "init/main.o", text: content - 1000, data: 0, bss: 0 },
      { path: "kernel/fork.o", text: 1000, data: 0, bss: 0 },
    ],
    subsystems: new Map(),
    config: null,
  });

  const stored = (async () => {
    const db = join(dir, "k.db");
    const store = openSqliteStore(db);
    for (const r of records) await store.saveBuild(info(r.name, r.revision, r.recipe, r.status === "ok"), r.figures?.content ? m(r.figures.content) : null);
    await store.saveCulprits([culprit(3, 8192)]);
    await store.close();
    return db;
  })();

  test("plot prints the terminal chart", async () => {
    const r = await run(await stored, ["plot"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^content bytes of tiny, bars from 1,690,000 \(1\.6 MiB\) to 1,712,000 \(1\.6 MiB\)\n/);
    assert.match(r.stdout, /\n6\.6@tiny\s+failed \(compile\): kernel\/fork\.c:1: error: boom\n/);
    assert.match(r.stdout, /\n7\.2@tiny\s+█+\s+1,712,000\s+\+3,808\n/);
    assert.match(r.stdout, /culprits:\n {2}6\.12@tiny: \+8,192 init: add a table \(Kernel Dev\)\n$/);
  });

  test("plot --by dir prints the bands", async () => {
    const r = await run(await stored, ["plot", "--by", "dir"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\n6\.12@tiny\s+1,707,192\s+1,000\s+0\s+1,708,192\n/);
  });

  test("plot --output writes an SVG and says so", async () => {
    const out = join(dir, "timeline.svg");
    const r = await run(await stored, ["plot", "--output", out, "--width", "900", "--height", "450"]);
    assert.equal(r.code, 0, r.stderr);
    const svg = readFileSync(out, "utf8");
    assert.ok(svg.startsWith("<svg") && svg.includes("6.12@tiny") && svg.includes('width="900"'));
    assert.match(r.stdout, new RegExp(`^wrote ${out}: content of tiny, 3 points \\(1 failed\\), 1 culprit marked, \\d+\\.\\d KiB\\n$`));
  });

  test("plot --format json prints the series document", async () => {
    const r = await run(await stored, ["--format", "json", "plot"]);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.schema, 1);
    assert.deepEqual(
      doc.builds.map((b: { content: number | null }) => b.content),
      [1_700_000, null, 1_708_192, 1_712_000],
    );
    assert.equal(doc.culprits[0].build, 3);
  });

  async function expectError(db: string, args: string[], pattern: RegExp) {
    const r = await run(db, args);
    assert.equal(r.code, 2, `exit code for ${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  }

  test("an unknown recipe, a metric the series lacks, --by with another metric", async () => {
    const db = await stored;
    await expectError(db, ["plot", "--recipe", "huge"], /^kbloat: no builds of recipe huge are stored\n {2}stored recipes: tiny\n$/);
    await expectError(db, ["plot", "--metric", "could-leave"], /could-leave is stored for \+mod recipes only, and no build of tiny has it\n.*kbloat track/);
    await expectError(db, ["plot", "--by", "dir", "--metric", "image"], /--by stacks content bytes; it does not go with --metric image/);
  });

  test("an output path that cannot be written", async () => {
    const db = await stored;
    mkdirSync(join(dir, "a-dir"), { recursive: true });
    await expectError(db, ["plot", "--output", join(dir, "a-dir")], /cannot write .*a-dir: it is a directory\n {2}give --output a file path/);
    await expectError(db, ["plot", "--output", join(dir, "nope", "x.svg")], /cannot write .*x\.svg: ENOENT/);
    assert.equal(existsSync(join(dir, "nope")), false);
  });

  test("an empty database, and none at all (plot makes none)", async () => {
    const empty = join(dir, "empty.db");
    await openSqliteStore(empty).close();
    await expectError(empty, ["plot"], /no builds stored yet, so there is no series to draw\n {2}build one with/);
    await expectError(join(dir, "none.db"), ["plot"], /no database at .*none\.db\n {2}pass --db/);
    assert.equal(existsSync(join(dir, "none.db")), false);
  });
});
