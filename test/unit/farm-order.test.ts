// The farm's order: a series spread over the workers in interleaved blocks, and a worker's
// preference for the waiting job nearest to the one it just built.

import assert from "node:assert/strict";
import { test } from "node:test";
import { pickNearestJob, spreadRank } from "../../src/core/farm-order.js";

test("spreadRank: every position gets its own rank, the first ranks start one block each", () => {
  for (const [n, w] of [
    [10, 2],
    [7, 3],
    [5, 8],
    [1, 1],
    [12, 1],
  ]) {
    const ranks = Array.from({ length: n }, (_, i) => spreadRank(i, n, w));
    assert.equal(new Set(ranks).size, n, `n=${n} w=${w}: distinct ranks`);
    const order = [...ranks.keys()].sort((a, b) => ranks[a] - ranks[b]);
    const blocks = Math.min(w, n);
    const size = Math.ceil(n / blocks);
    assert.deepEqual(
      order.slice(0, blocks).map((i) => Math.floor(i / size)),
      [...Array(blocks).keys()],
      `n=${n} w=${w}: one start per block`,
    );
  }
  assert.deepEqual(
    Array.from({ length: 6 }, (_, i) => spreadRank(i, 6, 2)),
    [0, 2, 4, 1, 3, 5],
  );
  assert.deepEqual(
    Array.from({ length: 4 }, (_, i) => spreadRank(i, 4, 0)),
    [0, 1, 2, 3],
    "no worker known yet: series order",
  );
});

test("pickNearestJob: the nearest of the same series, forwards on a tie, none of another series", () => {
  const job = (id: string, key: string, position: number) => ({ id, place: { key, position } });
  const waiting = [job("a", "s", 2), job("b", "s", 9), job("c", "t", 5), job("d", "s", 6), { id: "e", place: undefined }];
  assert.equal(pickNearestJob({ key: "s", position: 5 }, waiting), "d");
  assert.equal(pickNearestJob({ key: "s", position: 4 }, waiting), "d", "2 and 6 are both 2 away: the later one");
  assert.equal(pickNearestJob({ key: "t", position: 0 }, waiting), "c");
  assert.equal(pickNearestJob({ key: "u", position: 0 }, waiting), null);
  assert.equal(pickNearestJob({ key: "s", position: 0 }, []), null);
});

test("two workers keeping to their neighbours walk one block each", () => {
  // a queue taken in rank order, each worker moving the nearest waiting job of its series to the front
  const n = 10;
  const waiting = new Map(Array.from({ length: n }, (_, i) => [String(i), { id: String(i), place: { key: "s", position: i }, rank: spreadRank(i, n, 2) }]));
  const take = (preferred: string | null) => {
    const id = preferred ?? [...waiting.values()].sort((a, b) => a.rank - b.rank)[0].id;
    waiting.delete(id);
    return Number(id);
  };
  const walked: number[][] = [[take(null)], [take(null)]];
  while (waiting.size) {
    for (const w of walked) {
      if (!waiting.size) break;
      w.push(take(pickNearestJob({ key: "s", position: w.at(-1) as number }, [...waiting.values()])));
    }
  }
  assert.deepEqual(walked, [
    [0, 1, 2, 3, 4],
    [5, 6, 7, 8, 9],
  ]);
});
