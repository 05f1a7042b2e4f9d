import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The MAINTAINERS file of a kernel tree, or null when it has none. */
export function readMaintainersFile(srcDir: string): string | null {
  const path = join(srcDir, "MAINTAINERS");
  return existsSync(path) ? readFileSync(path, "utf8") : null;
}
