// The kernel tree a stored build was made from, for readers that need its Kconfig and Makefiles.
// A series tree has moved on since, so a git build's commit is extracted again (once, with git
// archive, from the repository it was found in) and a tarball build uses its unpacked tarball
// (unpacked again when it is gone); a plain directory is taken as it is now.

import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../core/user-error.js";
import type { BuildRecord } from "./build-record.js";

/** `extract: false` (the web pages, which never run git or tar) takes only what is unpacked already. */
export async function findBuildSources(build: BuildRecord, cache: string, note: (message: string) => void, o: { extract?: boolean } = {}): Promise<string> {
  const s = build.sourceIdentity;
  let dir: string | null = build.sourceDir;
  const again = o.extract !== false && build.sourceLocation !== null && existsSync(build.sourceLocation);
  // git and tar (kernel-source.ts) are loaded only when a tree must be made again
  const makeAgain = async (commit?: string) => {
    const { resolveKernelSource } = await import("../adapters/kernel-source.js");
    return resolveKernelSource(build.sourceLocation as string, commit, cache, note);
  };
  if (s?.kind === "git") {
    const extracted = join(cache, "sources", `git-${s.commit}`);
    dir = existsSync(extracted) || !again ? extracted : (await makeAgain(s.commit)).dir;
  } else if (s?.kind === "tarball") {
    const unpacked = join(cache, "sources", `tar-${s.sha256.slice(0, 16)}`);
    dir = existsSync(unpacked) || !again ? findTop(unpacked) : (await makeAgain()).dir;
  }
  if (!dir || !existsSync(join(dir, "Kconfig"))) {
    const from = build.sourceLocation ? ` (it was found at ${build.sourceLocation})` : "";
    throw new UserError(
      `the source tree of build ${build.id} (${build.name}) is gone${dir ? ` (${dir})` : ""}${from}, and its Kconfig and Makefiles are needed`,
      `build it again with kbloat build (a tarball is unpacked again, a git revision extracted again)`,
    );
  }
  return dir;
}

/** the kernel tree inside an unpacked tarball: the top itself, or its one directory with a Kconfig */
function findTop(unpacked: string): string | null {
  if (!existsSync(unpacked)) return null;
  if (existsSync(join(unpacked, "Kconfig"))) return unpacked;
  const top = readdirSync(unpacked).find((d) => existsSync(join(unpacked, d, "Kconfig")));
  return top ? join(unpacked, top) : null;
}
