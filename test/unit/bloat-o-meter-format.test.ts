// formatPythonFixed2Signed (src/core/bloat-o-meter.ts) against Python itself: bloat-o-meter prints
// its "chg" percentage with '%+.2f' % x, and kbloat must print the same bytes.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { formatPythonFixed2Signed } from "../../src/core/bloat-o-meter.js";

/** A small seeded generator (mulberry32), so that the cases are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cases(): number[] {
  const xs: number[] = [
    // exact ties (representable halfway cases): Python rounds them to even
    0.125,
    0.375,
    0.625,
    0.875,
    1.125,
    2.5,
    0.5,
    1.5,
    2.675,
    1.005,
    0.005,
    0.015,
    0.025,
    0.045,
    -0.125,
    -0.375,
    -0.625,
    -0.875,
    -2.675,
    -1.005,
    -0.005,
    // signs of zero and values that round to zero
    0,
    -0,
    1e-9,
    -1e-9,
    0.004999999,
    -0.004999999,
    0.00499999999999999,
    5e-324,
    -5e-324,
    // just around ties
    0.125 + Number.EPSILON,
    0.125 - Number.EPSILON / 8,
    0.375 + 2 ** -54,
    0.375 - 2 ** -54,
    // large magnitudes
    99.995,
    99.99499999999999,
    100,
    -100,
    12345.675,
    1e15 + 0.125,
    2 ** 52 + 0.5,
    2 ** 53,
    9.007199254740993e17,
    1e20,
    1e21,
    1.5e21,
    1e22,
    -1e22,
    1.7976931348623157e308,
    // not finite
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ];
  // every multiple of 1/8 up to 20: the exact ties of two-decimal rounding, and their neighbours
  for (let k = -160; k <= 160; k++) xs.push(k / 8, k / 8 + 0.001, k / 800);
  // bloat-o-meter's own values: (new - old) * 100.0 / old
  const rnd = random(20240607);
  for (let i = 0; i < 400; i++) {
    const old = 1 + Math.floor(rnd() * (i % 2 ? 1000 : 50_000_000));
    const now = Math.max(0, old + Math.floor((rnd() - 0.5) * old * (i % 3 ? 0.01 : 2)));
    xs.push(((now - old) * 100.0) / old);
    const a = Math.floor(rnd() * 100_000);
    const b = 1 + Math.floor(rnd() * 8000);
    xs.push((a * 100.0) / b, (-a * 100.0) / b);
  }
  return xs;
}

/** The shortest text that reads back as x, in a form both JavaScript and Python's float() accept. */
function repr(x: number): string {
  return Object.is(x, -0) ? "-0" : String(x);
}

test("formatPythonFixed2Signed is Python's '%+.2f' % x", (t) => {
  const xs = cases();
  const program = "import json, sys\nprint(json.dumps(['%+.2f' % float(s) for s in json.load(sys.stdin)]))";
  const py = spawnSync("python3", ["-c", program], { input: JSON.stringify(xs.map(repr)), encoding: "utf8" });
  if (py.error && (py.error as NodeJS.ErrnoException).code === "ENOENT") {
    t.skip("python3 not installed");
    return;
  }
  assert.equal(py.status, 0, `python3 failed: ${py.stderr}`);
  const expected: string[] = JSON.parse(py.stdout);
  assert.equal(expected.length, xs.length);
  const wrong = xs.map((x, i) => ({ x: repr(x), python: expected[i], ours: formatPythonFixed2Signed(x) })).filter((c) => c.python !== c.ours);
  assert.deepEqual(wrong, [], `${wrong.length} of ${xs.length} values differ from Python`);
});

test("formatPythonFixed2Signed on ties, without Python", () => {
  // 0.125 is exact: the even neighbour is 0.12; 0.375 -> 0.38; 2.675 is really 2.67499999...
  assert.equal(formatPythonFixed2Signed(0.125), "+0.12");
  assert.equal(formatPythonFixed2Signed(0.375), "+0.38");
  assert.equal(formatPythonFixed2Signed(-0.125), "-0.12");
  assert.equal(formatPythonFixed2Signed(2.675), "+2.67");
  assert.equal(formatPythonFixed2Signed(0), "+0.00");
  assert.equal(formatPythonFixed2Signed(-0), "-0.00");
  assert.equal(formatPythonFixed2Signed(-1e-9), "-0.00");
});
