// The terminal chart: bars grow with the figures from a floor the header names, a failed build
// is a gap that says why, every line fits the width, and outside text cannot drive the terminal.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { SeriesPointView, SeriesView } from "../../src/app/views/series-view.js";
import { stackedSeriesView } from "../../src/app/views/stacked-series.js";
import { chartFloor, renderBar, renderTerminalChart, renderTerminalStack, renderTrackChart, terminalColumns } from "../../src/cli/render-terminal-chart.js";

function point(id: number, name: string, content: number | null, extra: Partial<SeriesPointView> = {}): SeriesPointView {
  return {
    id,
    name,
    revision: name.split("@")[0],
    date: null,
    subject: null,
    status: content === null ? "failed" : "ok",
    failed_step: content === null ? "compile" : null,
    cause: content === null ? "init/main.c:12: error: expected ';'" : null,
    text: null,
    data: null,
    bss: null,
    total: content === null ? null : content * 3,
    image: null,
    content,
    delta: null,
    could_leave: null,
    core: null,
    how: null,
    ...extra,
  };
}

const view = (builds: SeriesPointView[], culprits: SeriesView["culprits"] = []): SeriesView => ({ schema: 1, recipe: "tiny", builds, culprits });

const creeping = view([
  point(1, "5.10.223@tiny", 1_651_796),
  point(2, "6.1.192@tiny", 1_702_340),
  point(3, "6.6.80@tiny", null),
  point(4, "6.12.117@tiny", 1_849_577),
  point(5, "7.2.13@tiny", 1_841_385),
]);

/** the bar of a row in eighths of a cell */
const barEighths = (line: string) => [...line].reduce((n, c) => n + (c === "█" ? 8 : "▏▎▍▌▋▊▉".indexOf(c) + 1), 0);
const rowOf = (chart: string, name: string) => chart.split("\n").find((l) => l.startsWith(name)) as string;

describe("renderTerminalChart", () => {
  const chart = renderTerminalChart(creeping, "content", { width: 80 });

  test("bars grow with the figures, the largest fills the bar", () => {
    const names = ["5.10.223@tiny", "6.1.192@tiny", "7.2.13@tiny", "6.12.117@tiny"]; // ascending content
    const lengths = names.map((n) => barEighths(rowOf(chart, n)));
    for (let i = 1; i < lengths.length; i++) assert.ok(lengths[i] > lengths[i - 1], `${names[i]} is longer than ${names[i - 1]}: ${lengths}`);
    assert.ok(lengths[0] > 0, "the smallest figure still has a bar: the floor is below it");
  });

  test("the header says what the bars measure and where they start", () => {
    const [head] = chart.split("\n");
    const floor = chartFloor(1_651_796, 1_849_577);
    assert.ok(floor < 1_651_796 && floor > 1_500_000, `a floor a bit below the minimum: ${floor}`);
    assert.equal(head, `content bytes of tiny, bars from ${floor.toLocaleString("en-US")} (1.5 MiB) to 1,849,577 (1.8 MiB)`);
  });

  test("each row has the exact figure and the change from the point before", () => {
    assert.match(rowOf(chart, "5.10.223@tiny"), /1,651,796$/);
    assert.match(rowOf(chart, "6.1.192@tiny"), /1,702,340\s+\+50,544$/);
    assert.match(rowOf(chart, "6.12.117@tiny"), /1,849,577\s+\+147,237$/, "across the failed build, from the last figure");
    assert.match(rowOf(chart, "7.2.13@tiny"), /1,841,385\s+-8,192$/);
  });

  test("a failed build is a gap that says why", () => {
    const row = rowOf(chart, "6.6.80@tiny");
    assert.match(row, /^6\.6\.80@tiny\s+failed \(compile\): init\/main\.c:12: error: expected ';'$/);
    assert.equal(barEighths(row), 0);
  });

  test("every line fits the width, at any width", () => {
    for (const width of [40, 60, 80, 132, 200]) {
      const lines = renderTerminalChart(creeping, "content", { width }).trimEnd().split("\n");
      for (const l of lines) assert.ok([...l].length <= width, `${width}: ${l.length} > width: ${l}`);
      const full = barEighths(rowOf(lines.join("\n"), "6.12.117@tiny")) / 8;
      assert.ok(full >= width / 4, `the bar takes the room there is (${full} of ${width})`);
    }
  });

  test("other metrics: size is size's dec", () => {
    const size = renderTerminalChart(creeping, "size", { width: 80 });
    assert.match(size.split("\n")[0], /^size \(dec\) bytes of tiny/);
    assert.match(rowOf(size, "6.12.117@tiny"), /5,548,731\s+\+441,711$/);
  });

  test("culprits are listed under the chart", () => {
    const v = view(creeping.builds, [{ build: 4, commit: "abc", subject: "init: add a table", author: "Kernel Dev", delta: 8192 }]);
    assert.match(renderTerminalChart(v, "content", { width: 80 }), /culprits:\n {2}6\.12\.117@tiny: \+8,192 init: add a table \(Kernel Dev\)\n$/);
  });

  test("escape sequences in names and causes do not reach the terminal", () => {
    const v = view([point(1, "a\u001b[31m@tiny", 100), point(2, "b@tiny", null, { cause: "\u001b]0;pwned\u0007 boom" })]);
    assert.doesNotMatch(renderTerminalChart(v, "content", { width: 80 }), /[\u0000-\u0009\u000b-\u001f]/);
  });
});

describe("pieces", () => {
  test("bars in eighths of a cell", () => {
    assert.equal(renderBar(0, 4), "    ");
    assert.equal(renderBar(1.5, 4), "█▌  ");
    assert.equal(renderBar(2.125, 4), "██▏ ");
    assert.equal(renderBar(4, 4), "████");
    assert.equal(renderBar(9, 4), "████", "never past its width");
  });

  test("the floor is a round number below the minimum, never below 0", () => {
    assert.equal(chartFloor(1_651_796, 1_702_340), 1_640_000);
    assert.equal(chartFloor(100, 100), 90);
    assert.equal(chartFloor(0, 0), 0);
  });

  test("the terminal's width when stdout is one, 80 otherwise", () => {
    assert.equal(terminalColumns({ isTTY: true, columns: 132 }), 132);
    assert.equal(terminalColumns({ isTTY: false, columns: 132 }), 80);
    assert.equal(terminalColumns({}), 80);
  });

  test("track's chart needs two points with content", () => {
    assert.equal(renderTrackChart(view([point(1, "a@tiny", 100), point(2, "b@tiny", null)]), 80), "");
    assert.match(renderTrackChart(creeping, 80), /^\ncontent bytes of tiny, bars from/);
  });
});

describe("renderTerminalStack", () => {
  const objects = (init: number, kernel: number) => [
    { path: "init/main.o", text: init, data: 0, bss: 0 },
    { path: "kernel/fork.o", text: kernel, data: 0, bss: 0 },
  ];
  const stacked = stackedSeriesView("tiny", "dir", [
    { id: 1, objects: objects(1000, 5000), subsystems: new Map() },
    { id: 4, objects: objects(1200, 5100), subsystems: new Map() },
  ]);
  const v = view([point(1, "a@tiny", 6000), point(3, "b@tiny", null), point(4, "c@tiny", 6300)]);

  test("one row per revision, a column per band and the total", () => {
    const text = renderTerminalStack(v, stacked, { width: 80 });
    const lines = text.trimEnd().split("\n");
    assert.equal(lines[0], "content bytes of tiny by directory");
    assert.match(lines[1], /kernel\s+init\s+\[other\]\s+content$/);
    assert.match(rowOf(text, "a@tiny"), /5,000\s+1,000\s+0\s+6,000$/);
    assert.match(rowOf(text, "b@tiny"), /failed \(compile\)/);
    assert.match(rowOf(text, "c@tiny"), /5,100\s+1,200\s+0\s+6,300$/);
  });

  test("bands that do not fit fold into one column, and rows still add up", () => {
    const text = renderTerminalStack(v, stacked, { width: 40 });
    for (const l of text.split("\n")) assert.ok(l.length <= 40, l);
    assert.match(text, /\[rest\]\s+content\n/);
    assert.match(rowOf(text, "c@tiny"), /5,100\s+1,200\s+6,300$/);
  });
});
