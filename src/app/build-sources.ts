// The kernel tree a stored build was made from, for readers that need its Kconfig and Makefiles.
// A series tree has moved on since, so git builds are extracted again (once, with git archive)
// and tarball builds use their unpacked tarball; a plain directory is taken as it is now.

import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../core/user-error.js";
import { resolveKernelSource } from "../adapters/kernel-source.js";
import type { BuildRecord } from "./build-record.js";

/** `extract: false` (the web pages, which never run git) takes a git revision only if it is extracted already. */
export async function findBuildSources(build: BuildRecord, cache: string, note: (message: string) => void, o: { extract?: boolean } = {}): Promise<string> {
  const [key] = build.identity.split("|");
  let dir: string | null = build.sourceDir;
  if (key.startsWith("git:") && o.extract === false) dir = join(cache, "sources", `git-${build.revision}`);
  else if (key.startsWith("git:")) dir = (await resolveKernelSource(key.slice(4), build.revision, cache, note)).dir;
  else if (key.startsWith("tar:")) {
    const unpacked = join(cache, "sources", `tar-${key.slice(4, 20)}`);
    const top = existsSync(unpacked) ? readdirSync(unpacked).find((d) => existsSync(join(unpacked, d, "Kconfig"))) : undefined;
    dir = top ? join(unpacked, top) : null;
  }
  if (!dir || !existsSync(join(dir, "Kconfig"))) {
    throw new UserError(
      `the source tree of build ${build.id} (${build.name}) is gone${dir ? ` (${dir})` : ""}, and its Kconfig and Makefiles are needed`,
      `build it again with kbloat build (a tarball is unpacked again, a git revision extracted again)`,
    );
  }
  return dir;
}
