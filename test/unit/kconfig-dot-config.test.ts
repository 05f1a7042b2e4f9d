import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDotConfig } from "../../src/core/kconfig/dot-config.js";

test("a .config: y/m/n, numbers as written, strings unescaped, comments and junk ignored, last value wins", () => {
  const text = [
    "#",
    "# Automatically generated file; DO NOT EDIT.",
    'CONFIG_CC_VERSION_TEXT="gcc (Debian 12.2.0-14) 12.2.0"',
    "CONFIG_A=y",
    "CONFIG_B=m",
    "# CONFIG_C is not set",
    "# CONFIG_D is set to something else",
    "CONFIG_NR_CPUS=64",
    "CONFIG_PHYSICAL_START=0x1000000",
    'CONFIG_CMDLINE="console=ttyS0 \\"quoted\\" back\\\\slash"',
    'CONFIG_EMPTY=""',
    "CONFIG_A=m\r",
    "NOT_A_CONFIG=y",
    "CONFIG_NOEQUALS",
  ].join("\n");
  assert.deepEqual(
    parseDotConfig(text),
    new Map([
      ["CC_VERSION_TEXT", "gcc (Debian 12.2.0-14) 12.2.0"],
      ["A", "m"],
      ["B", "m"],
      ["C", "n"],
      ["NR_CPUS", "64"],
      ["PHYSICAL_START", "0x1000000"],
      ["CMDLINE", 'console=ttyS0 "quoted" back\\slash'],
      ["EMPTY", ""],
    ]),
  );
});
