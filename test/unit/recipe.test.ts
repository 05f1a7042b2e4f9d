// Recipes: names, transforms in order, and an identity that follows contents, not file names.

import assert from "node:assert/strict";
import { test } from "node:test";
import { bootImage, canonicalRecipe, defaultArch, parseRecipe, type RecipeOptions } from "../../src/core/recipe.js";
import { UserError } from "../../src/core/user-error.js";

const options = (o: Partial<RecipeOptions>): RecipeOptions => ({
  spec: "tiny",
  arch: "x86_64",
  toolchain: { cc: "", llvm: false, crossCompile: "" },
  fragments: [],
  enable: [],
  disable: [],
  ...o,
});

test("named bases, +mod and options make a readable name and transforms in order", () => {
  const r = parseRecipe(options({ spec: "def+mod", enable: ["CONFIG_PRINTK"], disable: ["BUG"], fragments: [{ path: "x/net.config", text: "CONFIG_NET=y" }] }));
  assert.equal(r.name, "def+mod+frag:net.config+PRINTK=y+BUG=n");
  assert.deepEqual(r.base, { kind: "make", target: "defconfig" });
  assert.deepEqual(
    r.transforms.map((t) => t.kind),
    ["yes2modconfig", "fragment", "enable", "disable"],
  );
});

test("a .config file base is read through the callback", () => {
  const r = parseRecipe(options({ spec: "boards/my.config+mod", configText: (p) => (p === "boards/my.config" ? "CONFIG_X=y\n" : undefined) }));
  assert.equal(r.name, "my.config+mod");
  assert.deepEqual(r.base, { kind: "file", path: "boards/my.config", text: "CONFIG_X=y\n" });
});

test("the identity follows contents: same text under another name is the same recipe", () => {
  const a = parseRecipe(options({ spec: "a.config", configText: () => "CONFIG_X=y\n" }));
  const b = parseRecipe(options({ spec: "b.config", configText: () => "CONFIG_X=y\n" }));
  const c = parseRecipe(options({ spec: "b.config", configText: () => "CONFIG_X=m\n" }));
  assert.equal(canonicalRecipe(a), canonicalRecipe(b));
  assert.notEqual(canonicalRecipe(b), canonicalRecipe(c));
  assert.notEqual(canonicalRecipe(parseRecipe(options({}))), canonicalRecipe(parseRecipe(options({ toolchain: { cc: "", llvm: true, crossCompile: "" } }))));
});

test("unknown recipes and transforms are user errors that list what is known", () => {
  assert.throws(
    () => parseRecipe(options({ spec: "huge" })),
    (e: Error) => e instanceof UserError && /tiny, allno, def/.test(e.hint ?? ""),
  );
  assert.throws(() => parseRecipe(options({ spec: "tiny+lto" })), UserError);
  assert.throws(() => parseRecipe(options({ enable: ["1+1"] })), UserError);
});

test("x86 hosts build 64-bit kernels; each arch has its boot image", () => {
  assert.equal(defaultArch("x86_64"), "x86_64");
  assert.equal(defaultArch("i686"), "x86_64");
  assert.equal(defaultArch("aarch64"), "arm64");
  assert.deepEqual(bootImage("x86_64"), { target: "bzImage", path: "arch/x86/boot/bzImage" });
  assert.equal(bootImage("arm64")?.target, "Image.gz");
  assert.equal(bootImage("m68k"), null);
});
