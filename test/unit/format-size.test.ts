// Sizes a user types (--target 500KiB), and counts as they are printed.

import assert from "node:assert/strict";
import { test } from "node:test";
import { formatCount, parseSize } from "../../src/core/format-size.js";

test("sizes with and without a unit; K and M are 1024 and 1024²; anything else is no size", () => {
  assert.deepEqual(
    ["500KiB", "500K", "500kb", "1.5MiB", "2M", "800000", " 12 B "].map(parseSize),
    [512_000, 512_000, 512_000, 1_572_864, 2_097_152, 800_000, 12],
  );
  assert.deepEqual(["", "KiB", "1.5", "-3K", "5GiB", "12 apples"].map(parseSize), [null, null, null, null, null, null]);
});

test("formatCount groups digits as toLocaleString('en-US') does", () => {
  for (const n of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 22_478_317, -1, -1234, -123_456_789, Number.MAX_SAFE_INTEGER, 1.5, -0.25, 1e21]) {
    assert.equal(formatCount(n), n.toLocaleString("en-US"), String(n));
  }
});
