// Progress as people see it: phases as plain lines off a terminal, counts with a time left.

import assert from "node:assert/strict";
import { test } from "node:test";
import { createProgressRenderer, describeCount } from "../../src/cli/render-progress.js";

test("a count against the last full build gives a percentage and the time left", () => {
  assert.equal(describeCount(100, 400, 60_000), "100/400 objects (25%), 1m00s elapsed, ~3m00s left");
  assert.equal(describeCount(10, null, 5_000), "10 objects compiled, 5s elapsed");
  assert.equal(describeCount(500, 400, 5_000), "500 objects compiled, 5s elapsed");
});

test("off a terminal: one line per phase, and compile progress at most every 15 s", () => {
  let out = "";
  const r = createProgressRenderer({ write: (s) => void (out += s), isTTY: false });
  r.onEvent({ kind: "phase", phase: "configure", build: "6.12@tiny", elapsedMs: 0 });
  for (let t = 1000; t <= 40_000; t += 1000) {
    r.onEvent({ kind: "progress", phase: "compile", build: "6.12@tiny", compiled: t / 100, expected: 400, current: "kernel/fork.o", elapsedMs: t });
  }
  r.onEvent({ kind: "phase", phase: "measure", build: "6.12@tiny", elapsedMs: 41_000 });
  r.done();
  const lines = out.trimEnd().split("\n");
  assert.equal(lines[0], "[6.12@tiny] configure (0s)");
  assert.equal(lines[1], "[6.12@tiny] compile (1s)");
  assert.match(lines[2], /^\[6\.12@tiny\] compile: 150\/400 objects \(37%\), 15s elapsed, ~25s left, now kernel\/fork\.o$/);
  assert.equal(lines.at(-1), "[6.12@tiny] measure (41s)");
  assert.doesNotMatch(out, /\x1b/, "no escape codes in a pipe");
  assert.ok(lines.length <= 6);
});

test("off a terminal, the second build of a track shows its progress from 15 s too", () => {
  let out = "";
  const r = createProgressRenderer({ write: (s) => void (out += s), isTTY: false });
  const build = (name: string, seconds: number) => {
    r.onEvent({ kind: "phase", phase: "configure", build: name, elapsedMs: 0 });
    for (let t = 1000; t <= seconds * 1000; t += 1000) {
      r.onEvent({ kind: "progress", phase: "compile", build: name, compiled: t / 100, expected: null, current: "kernel/fork.o", elapsedMs: t });
    }
  };
  build("5.10.223@def+mod", 600);
  build("6.1.192@def+mod", 40);
  r.done();
  const second = out.split("\n").filter((l) => l.startsWith("[6.1.192@def+mod] compile: "));
  assert.deepEqual(
    second.map((l) => /, (\d+s) elapsed/.exec(l)?.[1]),
    ["15s", "30s"],
  );
});

test("off a terminal, two builds at once (a farm's workers): each keeps its own phase and 15 s clock", () => {
  let out = "";
  const r = createProgressRenderer({ write: (s) => void (out += s), isTTY: false });
  for (const build of ["6.1@tiny on w1", "6.12@tiny on w2"]) r.onEvent({ kind: "phase", phase: "compile", build, elapsedMs: 0 });
  for (let t = 1000; t <= 31_000; t += 1000) {
    for (const build of ["6.1@tiny on w1", "6.12@tiny on w2"]) {
      r.onEvent({ kind: "phase", phase: "compile", build, elapsedMs: t });
      r.onEvent({ kind: "progress", phase: "compile", build, compiled: t / 100, expected: null, current: "mm/slub.o", elapsedMs: t });
    }
  }
  r.done();
  const lines = out.trimEnd().split("\n");
  assert.deepEqual(
    lines.filter((l) => l.endsWith(")")),
    ["[6.1@tiny on w1] compile (0s)", "[6.12@tiny on w2] compile (0s)"],
    "a phase is announced once per build",
  );
  assert.equal(lines.filter((l) => l.startsWith("[6.1@tiny on w1] compile: ")).length, 2, "at 15 s and 30 s");
  assert.equal(lines.length, 6);
});
