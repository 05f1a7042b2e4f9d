// The attribution search on synthetic histories: exactly the commits at or above the threshold
// are named, a +N/-N pair inside one range is found, failed builds are skipped, the parts add
// up to the whole, and the builds stay within 2·k·log2(m) + 2.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  type AttributionResult,
  finishAttribution,
  isAttributionDone,
  nextBuild,
  type Probe,
  recordBuild,
  startAttribution,
  takeBuilds,
} from "../../src/core/attribution.js";

interface History {
  /** per commit 1..m: symbol -> size change */
  effects: Map<number, Record<string, number>>;
  commits: number;
  broken?: Set<number>;
  /** symbols present at the base */
  baseSymbols?: [string, number][];
}

function probeAt(h: History, revision: number): Probe {
  const symbols = new Map<string, number>([["start_kernel", 1000], ...(h.baseSymbols ?? [])]);
  for (let c = 1; c <= revision; c++) {
    for (const [name, d] of Object.entries(h.effects.get(c) ?? {})) symbols.set(name, (symbols.get(name) ?? 0) + d);
  }
  for (const [n, v] of symbols) if (v === 0) symbols.delete(n);
  return { content: [...symbols.values()].reduce((a, b) => a + b, 0), symbols };
}

function run(h: History, threshold: number): AttributionResult {
  const s = startAttribution(h.commits, threshold);
  for (let r = nextBuild(s), guard = 0; r !== null; r = nextBuild(s), guard++) {
    assert.ok(guard < 10 * h.commits + 10, "the search ends");
    recordBuild(s, r, h.broken?.has(r) ? { ok: false } : { ok: true, probe: probeAt(h, r) });
  }
  const result = finishAttribution(s);
  const parts = result.culprits.reduce((a, c) => a + c.delta, 0) + result.belowThreshold;
  assert.equal(parts, result.totalDelta, "culprits plus below-threshold add up to the range");
  return result;
}

/**
 * The same search with up to `slots` builds out at once, their outcomes recorded in a random
 * order, as a farm's workers return them.
 */
function runInParallel(h: History, threshold: number, slots: number, rand: () => number): AttributionResult & { widest: number } {
  const s = startAttribution(h.commits, threshold);
  const out: number[] = [];
  let widest = 0;
  for (let guard = 0; !isAttributionDone(s); guard++) {
    assert.ok(guard < 10 * h.commits + 10, "the search ends");
    out.push(...takeBuilds(s, slots - out.length));
    widest = Math.max(widest, out.length);
    assert.ok(out.length > 0, "a search that is not done has a build out");
    assert.equal(new Set(out).size, out.length, "no revision is handed out twice");
    const [r] = out.splice(Math.floor(rand() * out.length), 1);
    assert.ok(!s.probes.has(r), `revision ${r} was built before`);
    recordBuild(s, r, h.broken?.has(r) ? { ok: false } : { ok: true, probe: probeAt(h, r) });
  }
  return { ...finishAttribution(s), widest };
}

const bound = (k: number, m: number) => 2 * k * Math.log2(m) + 2;

describe("attribution", () => {
  test("names exactly the commits at or above the threshold", () => {
    const h: History = {
      commits: 200,
      effects: new Map<number, Record<string, number>>([
        [17, { big_table: 12288 }],
        [90, { tiny: 200 }],
        [150, { new_driver: 5000, helper: -300 }],
      ]),
    };
    const r = run(h, 1000);
    assert.deepEqual(
      r.culprits.map((c) => [c.first, c.last, c.delta]),
      [
        [17, 17, 12288],
        [150, 150, 4700],
      ],
    );
    assert.equal(r.belowThreshold, 200);
    assert.ok(r.builds <= bound(2, 200), `${r.builds} builds`);
  });

  test("a commit that only moves bytes between symbols is churn, not a culprit", () => {
    // commit 5 renames a 3000-byte function: gross 6000, content 0; commit 9 adds 2000 bytes
    const h: History = {
      commits: 16,
      baseSymbols: [["old_name", 3000]],
      effects: new Map<number, Record<string, number>>([
        [5, { old_name: -3000, new_name: 3000 }],
        [9, { table: 2000 }],
      ]),
    };
    const r = run(h, 1024);
    assert.deepEqual(
      r.culprits.map((c) => [c.first, c.delta]),
      [[9, 2000]],
    );
    assert.deepEqual(
      r.churn.map((c) => [c.first, c.delta, c.gross]),
      [[5, 0, 6000]],
    );
  });

  test("a +N and a -N that cancel out are both found", () => {
    const h: History = {
      commits: 64,
      effects: new Map<number, Record<string, number>>([
        [1, { old_table: 8192 }],
        [20, { new_table: 8192 }],
        [40, { old_table: -8192 }],
      ]),
    };
    const r = run(h, 4096);
    assert.equal(r.totalDelta, 8192);
    assert.deepEqual(
      r.culprits.map((c) => [c.first, c.delta]),
      [
        [1, 8192],
        [20, 8192],
        [40, -8192],
      ],
    );
  });

  test("a revision that does not build is skipped and named", () => {
    const h: History = {
      commits: 32,
      effects: new Map<number, Record<string, number>>([
        [10, { a: 3000 }],
        [25, { b: 3000 }],
      ]),
      broken: new Set([16]),
    };
    const r = run(h, 1000);
    assert.deepEqual(
      r.culprits.map((c) => [c.first, c.last]),
      [
        [10, 10],
        [25, 25],
      ],
    );
    assert.deepEqual(r.skipped, [16]);
  });

  test("when a culprit's own revision does not build, the culprit spans the commits it hides behind", () => {
    const h: History = { commits: 16, effects: new Map<number, Record<string, number>>([[8, { a: 3000 }]]), broken: new Set([8]) };
    const r = run(h, 1000);
    assert.deepEqual(
      r.culprits.map((c) => [c.first, c.last, c.delta]),
      [[8, 9, 3000]],
    );
    assert.deepEqual(r.skipped, [8]);
  });

  test("nothing above the threshold: two builds", () => {
    const r = run(
      {
        commits: 500,
        effects: new Map<number, Record<string, number>>([
          [3, { a: 10 }],
          [400, { b: -5 }],
        ]),
      },
      100,
    );
    assert.equal(r.builds, 2);
    assert.deepEqual(r.culprits, []);
    assert.equal(r.belowThreshold, 5);
  });

  test("a single commit", () => {
    const r = run({ commits: 1, effects: new Map<number, Record<string, number>>([[1, { a: 4096 }]]) }, 1);
    assert.deepEqual(r.culprits, [{ first: 1, last: 1, delta: 4096, gross: 4096 }]);
  });

  test("a base that does not build is an error", () => {
    const s = startAttribution(4, 1);
    assert.throws(() => recordBuild(s, 0, { ok: false }), /base of the range does not build/);
  });

  test("random histories stay within 2·k·log2(m) + 2 builds", () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const commits = 2 + Math.floor(rand() * 400);
      const effects = new Map<number, Record<string, number>>();
      for (let c = 1; c <= commits; c++) if (rand() < 0.05) effects.set(c, { [`s${c}`]: Math.floor(rand() * 3000) - 1000 });
      const threshold = 1000;
      // every commit changes a symbol of its own, which exists at the base with room to shrink
      const baseSymbols: [string, number][] = [...effects.keys()].map((c) => [`s${c}`, 2000]);
      const r = run({ commits, effects, baseSymbols }, threshold);
      const expected = [...effects].filter(([, e]) => Math.abs(Object.values(e)[0]) >= threshold).map(([c]) => c);
      assert.deepEqual(
        r.culprits.map((c) => c.first),
        expected,
        `round ${round}`,
      );
      assert.ok(r.builds <= bound(Math.max(1, expected.length), commits), `round ${round}: ${r.builds} builds for k=${expected.length}, m=${commits}`);
    }
  });

  test("several builds out at once: the same builds and culprits, in any order of completion", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let widest = 0;
    for (let round = 0; round < 200; round++) {
      const commits = 2 + Math.floor(rand() * 300);
      const effects = new Map<number, Record<string, number>>();
      const broken = new Set<number>();
      for (let c = 1; c <= commits; c++) {
        if (rand() < 0.06) effects.set(c, { [`s${c}`]: Math.floor(rand() * 3000) - 1000 });
        if (c < commits && rand() < 0.03) broken.add(c);
      }
      const h: History = { commits, effects, broken, baseSymbols: [...effects.keys()].map((c) => [`s${c}`, 2000]) };
      const one = run(h, 1000);
      const { widest: w, ...many } = runInParallel(h, 1000, 1 + Math.floor(rand() * 6), rand);
      widest = Math.max(widest, w);
      assert.deepEqual(many, one, `round ${round}`);
    }
    assert.ok(widest >= 4, `some round had several builds out at once (widest ${widest})`);
  });

  test("takeBuilds hands out both ends first, then one split per segment", () => {
    const h: History = {
      commits: 64,
      effects: new Map<number, Record<string, number>>([
        [10, { a: 5000 }],
        [40, { b: 5000 }],
      ]),
    };
    const s = startAttribution(64, 1000);
    assert.deepEqual(takeBuilds(s, 8), [0, 64]);
    assert.deepEqual(takeBuilds(s, 8), [], "nothing more until an end is known");
    for (const r of [64, 0]) recordBuild(s, r, { ok: true, probe: probeAt(h, r) });
    assert.deepEqual(takeBuilds(s, 8), [32]);
    recordBuild(s, 32, { ok: true, probe: probeAt(h, 32) });
    assert.deepEqual(
      takeBuilds(s, 8).sort((a, b) => a - b),
      [16, 48],
      "both halves hold a culprit: both splits at once",
    );
  });
});
