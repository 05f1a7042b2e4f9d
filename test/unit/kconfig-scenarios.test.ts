// The Kconfig reader on small trees, one folder per scenario under test/fixtures/kconfig/,
// read through readKconfigTree as a kernel tree is. A scenario holds `Kconfig` (and the
// files it sources), optionally `env` (KEY=VALUE lines; ARCH=… picks the architecture,
// x86_64 otherwise) and `config` (a .config). Golden files: expected_model.txt (the model as
// renderKconfigModel prints it), expected_messages.txt (errors, warnings, what was skipped)
// and, with a config, expected_explain.txt (why each =y symbol is y). The facts packed for the
// cache (kconfig-facts.ts) must be the model's, and explain alike.
// To rewrite the golden files after a deliberate change, and only then:
//   KBLOAT_UPDATE_GOLDEN=1 node --import tsx --test test/unit/kconfig-scenarios.test.ts

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { readKconfigTree } from "../../src/adapters/read-kconfig-tree.js";
import { describeBuiltin } from "../../src/core/kconfig/describe-builtin.js";
import { parseDotConfig } from "../../src/core/kconfig/dot-config.js";
import { explainBuiltins } from "../../src/core/kconfig/explain-builtins.js";
import { type KconfigFacts, packKconfigFacts, unpackKconfigFacts } from "../../src/core/kconfig/kconfig-facts.js";
import { renderKconfigMessages, renderKconfigModel } from "../../src/core/kconfig/render-kconfig-model.js";

const root = join(import.meta.dirname, "..", "fixtures", "kconfig");
const update = process.env.KBLOAT_UPDATE_GOLDEN === "1";

function readEnv(dir: string): Record<string, string> {
  const file = join(dir, "env");
  if (!existsSync(file)) return {};
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}

function golden(dir: string, name: string, actual: string): void {
  const file = join(dir, name);
  if (update) writeFileSync(file, actual);
  assert.ok(existsSync(file), `${file} is missing: write it with KBLOAT_UPDATE_GOLDEN=1`);
  assert.equal(actual, readFileSync(file, "utf8"), `${name} differs`);
}

/** every fact the explainers read, as plain data */
function factsOf(f: KconfigFacts) {
  const symbols = [...f.symbols.values()].map((s) => ({
    name: s.name,
    type: s.type,
    choice: s.choice,
    definitions: s.definitions.map((d) => ({
      at: d.at,
      flags: d.flags,
      choice: d.choice,
      dependency: d.dependency,
      prompts: d.prompts.map((p) => p.active),
      defaults: d.defaults.map((x) => [x.at, x.value, x.active]),
    })),
    selectedBy: s.selectedBy.map((r) => [r.by, r.condition, r.active, r.at]),
    impliedBy: s.impliedBy.map((r) => [r.by, r.condition, r.active, r.at]),
  }));
  return { symbols, choices: f.choices.map((c) => [c.type, c.members, c.definitions.map((d) => d.at)]), modules: f.modules };
}

const scenarios = readdirSync(root).sort();

describe("Kconfig scenarios", () => {
  test("there are scenarios", () => assert.ok(scenarios.length >= 10));
  for (const scenario of scenarios) {
    test(scenario, () => {
      const dir = join(root, scenario);
      const { ARCH, ...env } = readEnv(dir);
      const result = readKconfigTree(dir, { arch: ARCH ?? "x86_64", env });
      golden(dir, "expected_model.txt", renderKconfigModel(result.model));
      golden(dir, "expected_messages.txt", renderKconfigMessages(result));
      const packed = unpackKconfigFacts(packKconfigFacts(result.model));
      assert.deepEqual(factsOf(packed), factsOf(result.model), "the packed facts are the model's");
      assert.equal(scenario.startsWith("err_"), result.errors.length > 0, "scenarios named err_… have errors, the others none");
      const configFile = join(dir, "config");
      if (existsSync(configFile)) {
        const config = parseDotConfig(readFileSync(configFile, "utf8"));
        const explained = explainBuiltins(result.model, config);
        golden(dir, "expected_explain.txt", `${explained.map(describeBuiltin).join("\n")}\n`);
        assert.deepEqual(explainBuiltins(packed, config), explained, "the packed facts explain alike");
      }
    });
  }
});
