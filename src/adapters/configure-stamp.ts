// Whether a build tree's .config is what configuring it again would make. After a configure that
// succeeded, a stamp names what that configuration depended on (recipe, toolchain, the source
// tree's config inputs) and the .config it made; the next build of the same key with that
// .config still in place keeps it, as make keeps an object whose inputs did not change.

import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const stampOf = (outDir: string) => join(outDir, "kbloat-configured.json");
const configHash = (outDir: string) =>
  createHash("sha256")
    .update(readFileSync(join(outDir, ".config")))
    .digest("hex");

/** The key the build tree's .config was configured for; null when none is known or the .config changed since. */
export function readConfiguredKey(outDir: string): string | null {
  try {
    const stamp = JSON.parse(readFileSync(stampOf(outDir), "utf8")) as { key?: string; config?: string };
    return typeof stamp.key === "string" && stamp.config === configHash(outDir) ? stamp.key : null;
  } catch {
    return null;
  }
}

/** Before configuring: a configure stopped halfway leaves no stamp behind. */
export function removeConfigureStamp(outDir: string): void {
  rmSync(stampOf(outDir), { force: true });
}

export function writeConfigureStamp(outDir: string, key: string): void {
  writeFileSync(stampOf(outDir), `${JSON.stringify({ key, config: configHash(outDir) })}\n`);
}
