// Sizes a user types: --target 500KiB.

import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSize } from "../../src/core/format-size.js";

test("sizes with and without a unit; K and M are 1024 and 1024²; anything else is no size", () => {
  assert.deepEqual(["500KiB", "500K", "500kb", "1.5MiB", "2M", "800000", " 12 B "].map(parseSize), [512_000, 512_000, 512_000, 1_572_864, 2_097_152, 800_000, 12]);
  assert.deepEqual(["", "KiB", "1.5", "-3K", "5GiB", "12 apples"].map(parseSize), [null, null, null, null, null, null]);
});
