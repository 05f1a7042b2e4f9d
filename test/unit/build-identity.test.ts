// A Build's identity is one function of what was built, how and with what: no local path in it,
// the same on every machine; the whole recipe is stored and read back; databases of schema 7
// are upgraded in place, their identities rewritten and their recipes recovered where exact.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { test } from "node:test";
import Database from "better-sqlite3";
import { MIGRATIONS, SCHEMA_VERSION } from "../../src/adapters/sqlite-schema.js";
import { openSqliteStore } from "../../src/adapters/sqlite-store.js";
import type { BuildToSave } from "../../src/app/build-record.js";
import {
  computeBuildIdentity,
  computeRecipeHash,
  formatSourceKey,
  parseSourceIdentity,
  sourceIdOf,
  type SourceIdentity,
} from "../../src/core/build-identity.js";
import { parseLegacyIdentity, recoverRecipeFromName, toolchainCandidates } from "../../src/core/legacy-identity.js";
import { canonicalRecipe, parseRecipe, parseStoredRecipe, type Recipe, serializeRecipe } from "../../src/core/recipe.js";

const sha256 = (t: string) => createHash("sha256").update(t).digest("hex");
const GCC = { cc: "", llvm: false, crossCompile: "" };
const TC = "gcc (Debian 12.2.0-14) 12.2.0; GNU ld (GNU Binutils for Debian) 2.40";
const COMMIT = "0123456789abcdef0123456789abcdef01234567";
const TARBALL = "ab".repeat(32);
const recipe = (spec: string, o: Partial<{ enable: string[]; toolchain: Recipe["toolchain"] }> = {}) =>
  parseRecipe({ spec, arch: "x86_64", toolchain: o.toolchain ?? GCC, fragments: [], enable: o.enable ?? [], disable: [] });

test("the identity names the commit, never the repository it was found in", () => {
  const id = computeBuildIdentity({ kind: "git", commit: COMMIT }, recipe("tiny"), TC, sha256);
  assert.equal(id, `git:${COMMIT}|${computeRecipeHash(recipe("tiny"), sha256)}|${TC}`);
  assert.doesNotMatch(id, /\//, "no path in it");
  assert.notEqual(id, computeBuildIdentity({ kind: "git", commit: COMMIT }, recipe("tiny+mod"), TC, sha256), "the recipe is part of it");
  assert.notEqual(id, computeBuildIdentity({ kind: "git", commit: COMMIT }, recipe("tiny"), TC.replace("12.2.0", "12.3.0"), sha256), "so is the toolchain");
  assert.equal(computeRecipeHash(recipe("tiny"), sha256), sha256(canonicalRecipe(recipe("tiny"))).slice(0, 16), "the recipe hash of schema 7, unchanged");
});

test("every source identity round-trips through its stored kind and id", () => {
  const all: SourceIdentity[] = [
    { kind: "git", commit: COMMIT },
    { kind: "tarball", sha256: TARBALL },
    { kind: "directory", path: "/home/me/linux@work", at: "2026-12-01T10:00:00.000Z" },
    { kind: "vmlinux", sha256: TARBALL },
  ];
  for (const s of all) assert.deepEqual(parseSourceIdentity(s.kind, sourceIdOf(s)), s);
  assert.equal(formatSourceKey(all[1]), `tar:${TARBALL}`);
  assert.equal(parseSourceIdentity("svn", "1"), null);
});

test("the whole recipe round-trips as stored, and damaged text is refused", () => {
  const r = parseRecipe({
    spec: "boards/my.config+mod",
    arch: "arm64",
    toolchain: { cc: "ccache clang", llvm: true, crossCompile: "aarch64-linux-gnu-" },
    configText: () => "CONFIG_X=y\n",
    fragments: [{ path: "net.config", text: "CONFIG_NET=y\n" }],
    enable: ["PRINTK"],
    disable: ["BUG"],
  });
  assert.deepEqual(parseStoredRecipe(serializeRecipe(r)), r);
  assert.throws(() => parseStoredRecipe(serializeRecipe(r).replace('"yes2modconfig"', '"lto"')), /unknown transform lto/);
  assert.throws(() => parseStoredRecipe('{"name":"x","base":{"kind":"make","target":"allyesconfig"}}'), /unknown make target/);
});

test("old identities are read back into sources; recipes come back only when their hash agrees", () => {
  assert.deepEqual(parseLegacyIdentity(`git:/src/linux|${COMMIT}|h|${TC}`, "t"), {
    source: { kind: "git", commit: COMMIT },
    location: "/src/linux",
    without: null,
  });
  assert.deepEqual(parseLegacyIdentity(`tar:${TARBALL}|6.12.1|h|${TC}`, "t")?.source, { kind: "tarball", sha256: TARBALL });
  assert.deepEqual(parseLegacyIdentity(`dir:/l|6.1.0|h|${TC}|2026-01-01T00:00:00Z`, "t")?.source, {
    kind: "directory",
    path: "/l",
    at: "2026-01-01T00:00:00Z",
  });
  assert.deepEqual(parseLegacyIdentity(`git:/r|${COMMIT}|h|${TC}|without:PRINTK`, "t")?.without, { parent: `git:/r|${COMMIT}|h|${TC}`, symbol: "PRINTK" });
  assert.equal(parseLegacyIdentity("something else", "t"), null);
  const r = recipe("tiny+mod", { enable: ["PRINTK"] });
  const hash = computeRecipeHash(r, sha256);
  assert.deepEqual(recoverRecipeFromName(r.name, "x86_64", TC, hash, sha256), r);
  const clang = recipe("tiny", { toolchain: { cc: "", llvm: true, crossCompile: "" } });
  assert.deepEqual(recoverRecipeFromName("tiny", "x86_64", "Debian clang version 16.0.6; LLD 16.0.6", computeRecipeHash(clang, sha256), sha256), clang);
  assert.equal(recoverRecipeFromName("tiny", "x86_64", TC, "0000000000000000", sha256), null, "a hash no candidate gives");
  assert.equal(recoverRecipeFromName("my.config", "x86_64", TC, hash, sha256), null, "a .config file's text is not in its name");
  assert.ok(toolchainCandidates("aarch64-linux-gnu-gcc (Debian 12.2.0-14) 12.2.0; GNU ld").some((t) => t.crossCompile === "aarch64-linux-gnu-"));
});

test("a saved Build keeps its source identity, where it was found, and its whole recipe", async () => {
  const store = openSqliteStore(":memory:");
  const r = recipe("tiny");
  const info: BuildToSave = {
    identity: computeBuildIdentity({ kind: "git", commit: COMMIT }, r, TC, sha256),
    name: "v6.12@tiny",
    source: "linux",
    revision: COMMIT,
    sourceIdentity: { kind: "git", commit: COMMIT },
    sourceLocation: "/src/linux",
    recipeData: r,
    recipe: r.name,
    recipeHash: computeRecipeHash(r, sha256),
    arch: "x86_64",
    toolchain: TC,
    sourceDir: null,
    buildDir: null,
    status: "failed",
    failedStep: "compile",
    logTail: "error",
    durationMs: 1,
    compiled: 0,
  };
  const saved = await store.saveBuild(info, null);
  assert.deepEqual(saved.sourceIdentity, { kind: "git", commit: COMMIT });
  assert.equal(saved.sourceLocation, "/src/linux");
  assert.deepEqual(await store.loadRecipe(saved.id), r);
  assert.equal((await store.findBuildByIdentity(info.identity))?.id, saved.id);
  await store.close();
});

test("a schema 7 database is upgraded in place: identities without paths, sources and recipes recovered", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "kbloat-identity-")), "v7.db");
  const raw = new Database(path);
  for (const step of MIGRATIONS.slice(0, 7).flat()) raw.exec(step as string);
  raw.pragma("user_version = 7");
  const tiny = recipe("tiny");
  const h = computeRecipeHash(tiny, sha256);
  const insert = raw.prepare(
    "INSERT INTO builds (identity, name, source, revision, recipe, recipe_hash, arch, toolchain, status, created, total, config) VALUES (?, ?, 's', 'r', ?, ?, 'x86_64', ?, 'ok', '2026-01-01', 5, ?)",
  );
  const config = "CONFIG_PRINTK=y\nCONFIG_BUG=y\n";
  insert.run(`git:/old/clone|${COMMIT}|${h}|${TC}`, "a@tiny", "tiny", h, TC, gzipSync(config));
  insert.run(`git:/new/clone|${COMMIT}|${h}|${TC}`, "b@tiny", "tiny", h, TC, null);
  insert.run(`tar:${TARBALL}|6.12.1|${h}|${TC}`, "6.12.1@tiny", "tiny", h, TC, null);
  insert.run(`vmlinux:${TARBALL}`, "x@measured", "measured", "", "", null);
  insert.run(`git:/my|${COMMIT}|frag|${TC}`, "c@my.config", "my.config", "frag", TC, null);
  const without: Recipe = {
    name: "tiny-PRINTK",
    base: { kind: "file", path: ".config of build 1", text: config },
    transforms: [{ kind: "disable", symbol: "PRINTK" }],
    arch: "x86_64",
    toolchain: GCC,
  };
  const hw = computeRecipeHash(without, sha256);
  insert.run(`git:/old/clone|${COMMIT}|${h}|${TC}|without:PRINTK`, "a@tiny-PRINTK", "tiny-PRINTK", hw, TC, null);
  insert.run("who knows", "odd", "tiny", h, TC, null);
  raw.close();

  const store = openSqliteStore(path);
  const builds = await store.listBuilds();
  const by = (name: string) => builds.find((b) => b.name === name) ?? assert.fail(name);
  assert.equal(by("b@tiny").identity, `git:${COMMIT}|${h}|${TC}`, "the newer of two clones of one commit takes the new identity");
  assert.equal(by("a@tiny").identity, `git:/old/clone|${COMMIT}|${h}|${TC}`, "the older keeps its old one: nothing is lost");
  assert.deepEqual(by("a@tiny").sourceIdentity, { kind: "git", commit: COMMIT });
  assert.equal(by("a@tiny").sourceLocation, "/old/clone");
  assert.deepEqual(await store.loadRecipe(by("b@tiny").id), tiny);
  assert.equal(by("6.12.1@tiny").identity, `tar:${TARBALL}|${h}|${TC}`);
  assert.equal(by("x@measured").identity, `vmlinux:${TARBALL}`);
  assert.equal(await store.loadRecipe(by("c@my.config").id), null, "a .config recipe cannot be recovered from its name");
  assert.equal(by("a@tiny-PRINTK").identity, `git:${COMMIT}|${hw}|${TC}`);
  assert.deepEqual(await store.loadRecipe(by("a@tiny-PRINTK").id), without, "an options --exact build: its parent's .config with the option off");
  assert.equal(by("odd").identity, "who knows", "an identity no kbloat wrote is left alone");
  assert.equal(by("odd").sourceIdentity, null);
  await store.close();
  const after = new Database(path, { readonly: true });
  assert.equal(after.pragma("user_version", { simple: true }), SCHEMA_VERSION);
  after.close();
});
