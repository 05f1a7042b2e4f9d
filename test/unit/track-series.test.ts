// track's decisions in milliseconds, on a planted git history with only make scripted
// (scripted-history.ts): what a selection picks, what a rerun builds, failures as gaps that
// --retry-failed builds again, and the progress it reports. The real-kernel truth is track.test.ts.

import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { AppEvent } from "../../src/app/events.js";
import { trackSeries, type TrackRequest } from "../../src/app/track-series.js";
import { openSqliteStore } from "../../src/adapters/sqlite-store.js";
import { type PlantedCommit, plantHistory, recipe, scriptedBuilder, symbolsText } from "./scripted-history.js";

// v1 .. v4, a commit between each; the third untagged commit does not build
const commits: PlantedCommit[] = [];
for (let i = 0; i < 8; i++) {
  const broken = i === 5 ? "init/main.c:3:1: error: expected ';'" : null;
  commits.push({
    subject: `commit ${i}`,
    files: { "init/main.c": symbolsText([["start_kernel", "T", 1000 + 100 * i]]), BROKEN: broken },
    tag: i % 2 === 0 ? `v${i / 2 + 1}` : undefined,
  });
}

const { repo, shas } = plantHistory(commits);
const newStore = () => openSqliteStore(join(mkdtempSync(join(tmpdir(), "kbloat-track-")), "kbloat.db"));
const request = (over: Partial<TrackRequest["source"]> = {}, retryFailed = false): TrackRequest => ({
  source: { kind: "git", repo, range: `v1..${shas[7]}`, selection: { kind: "all" }, revs: [], ...over } as TrackRequest["source"],
  recipe,
  retryFailed,
});

describe("track over a planted history", () => {
  test("every revision of the range, the base included, in order; a failure is a gap, stored", async () => {
    const store = newStore();
    const scripted = scriptedBuilder();
    const events: AppEvent[] = [];
    const points = await trackSeries(request(), store, "/nonexistent-cache", (e) => events.push(e), scripted.open);
    assert.deepEqual(
      points.map((p) => p.record.revision),
      shas,
    );
    assert.deepEqual(
      points.map((p) => [p.record.status, p.how]),
      shas.map((_, i) => [i === 5 ? "failed" : "ok", "built"]),
    );
    assert.deepEqual(
      points.filter((p) => p.record.status === "ok").map((p) => p.record.figures?.content),
      shas.map((_, i) => 1000 + 100 * i).filter((_, i) => i !== 5),
    );
    assert.equal(points[5].record.logTail, "init/main.c:3:1: error: expected ';'");
    assert.deepEqual(
      points.map((p) => p.subject),
      commits.map((c) => c.subject),
    );
    // the names: a tag where there is one, a short id elsewhere
    assert.deepEqual(
      points.slice(0, 3).map((p) => p.record.name),
      [`v1@tiny`, `${shas[1].slice(0, 12)}@tiny`, `v2@tiny`],
    );
    const series = events.flatMap((e) => (e.kind === "series" ? [e] : []));
    assert.deepEqual(
      series.map((e) => e.done),
      [0, 1, 2, 3, 4, 5, 6, 7, 8],
      "a line before each build, and one at the end",
    );
    assert.ok(series.every((e) => e.total === 8));
    assert.equal(series.at(-1)?.current, "");
  });

  test("a rerun builds nothing; --retry-failed builds the failure alone again", async () => {
    const store = newStore();
    const scripted = scriptedBuilder();
    await trackSeries(request(), store, "/nonexistent-cache", () => {}, scripted.open);
    assert.equal(scripted.built.length, 8);
    const again = await trackSeries(request(), store, "/nonexistent-cache", () => {}, scripted.open);
    assert.equal(scripted.built.length, 8);
    assert.deepEqual(
      again.map((p) => p.how),
      shas.map((_, i) => (i === 5 ? "failed-before" : "stored")),
    );
    const retried = await trackSeries(request({}, true), store, "/nonexistent-cache", () => {}, scripted.open);
    assert.deepEqual(scripted.built.slice(8), [shas[5]]);
    assert.equal(retried[5].how, "built");
    assert.equal(retried[5].record.status, "failed", "it still does not build");
  });

  test("--tags takes the tagged revisions, --every N each Nth, and both keep the head", async () => {
    const store = newStore();
    const scripted = scriptedBuilder();
    const tags = await trackSeries(request({ selection: { kind: "tags" } }), store, "/nonexistent-cache", () => {}, scripted.open);
    assert.deepEqual(
      tags.map((p) => p.record.name),
      ["v1@tiny", "v2@tiny", "v3@tiny", "v4@tiny", `${shas[7].slice(0, 12)}@tiny`],
    );
    const every = await trackSeries(request({ selection: { kind: "every", n: 3 } }), store, "/nonexistent-cache", () => {}, scripted.open);
    assert.deepEqual(
      every.map((p) => p.record.revision),
      [shas[0], shas[3], shas[6], shas[7]],
    );
    assert.deepEqual(
      every.map((p) => p.how),
      ["stored", "built", "stored", "stored"],
      "what --tags built is not built again",
    );
  });

  test("listed revisions are taken in the order given", async () => {
    const points = await trackSeries(request({ range: undefined, revs: ["v3", "v1"] }), newStore(), "/nonexistent-cache", () => {}, scriptedBuilder().open);
    assert.deepEqual(
      points.map((p) => p.record.name),
      ["v3@tiny", "v1@tiny"],
    );
  });
});
