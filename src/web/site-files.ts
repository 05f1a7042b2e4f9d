// The pages' own files (the vite bundle in dist/web): where they are, and the one safe way to
// turn a request path into one of them. A path that leaves the folder, through `..`, an encoded
// slash, an absolute path or a symlink, is no file of the site.

import { existsSync, realpathSync, statSync } from "node:fs";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../core/user-error.js";

/** dist/web, beside the compiled server (dist/web/../web) or, from sources, in the checkout */
export function findPagesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, "..", "web-pages"), join(here, "..", "..", "dist", "web-pages")];
  const dir = candidates.find((d) => existsSync(join(d, "index.html")));
  if (!dir) throw new UserError("the web pages are not built (no dist/web-pages/index.html)", "build them with: npm run build");
  return realpathSync(dir);
}

export const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/** The file of `root` a URL path names, or null. `urlPath` is the raw (still encoded) path. */
export function resolveSiteFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const parts = decoded.split("/").filter((p) => p !== "");
  if (parts.some((p) => p === ".." || p === ".")) return null;
  const file = resolve(root, ...(parts.length ? parts : ["index.html"]));
  if (!file.startsWith(root + sep)) return null;
  if (!existsSync(file)) return null;
  const real = realpathSync(file);
  if (!real.startsWith(root + sep) || !statSync(real).isFile()) return null;
  if (!(extname(real) in CONTENT_TYPES)) return null;
  return real;
}
