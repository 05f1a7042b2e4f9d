// `kbloat publish DIR`: the pages and every document they read, written as a static site that
// any file host serves (relative links, no server code). The documents are the ones `serve`
// answers with, from the same function.

import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { listSitePaths, readSiteDocument, type SiteContext } from "../app/site-documents.js";
import { UserError } from "../core/user-error.js";

export interface PublishResult {
  dir: string;
  documents: number;
  bytes: number;
}

export function checkPublishTarget(dir: string, force: boolean): void {
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new UserError(`cannot publish into ${dir}: it is a file`, "pass a folder that does not exist yet, or an empty one");
  if (existsSync(dir) && readdirSync(dir).length > 0 && !force) {
    throw new UserError(`cannot publish into ${dir}: the folder is not empty`, "pass an empty or new folder, or --force to write over what is there");
  }
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, ".kbloat-publish"), "");
    rmSync(join(dir, ".kbloat-publish"));
  } catch (e) {
    throw new UserError(`cannot publish into ${dir}: ${(e as Error).message}`, "pass a folder you can write to");
  }
}

export async function publishSite(
  ctx: SiteContext,
  pagesDir: string,
  target: string,
  force: boolean,
  progress: (done: number, total: number) => void,
): Promise<PublishResult> {
  const dir = resolve(target);
  checkPublishTarget(dir, force);
  // the pages' own files only: a symlink in the bundle could point anywhere
  cpSync(pagesDir, dir, { recursive: true, filter: (src) => !lstatSync(src).isSymbolicLink() });
  // one read transaction for the whole site: its documents agree with each other
  return ctx.store.readSnapshot(async () => {
    const paths = await listSitePaths(ctx);
    let bytes = 0;
    for (const [i, path] of paths.entries()) {
      const text = JSON.stringify(await readSiteDocument(ctx, path));
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
      bytes += text.length;
      if (i % 25 === 0 || i === paths.length - 1) progress(i + 1, paths.length);
    }
    return { dir, documents: paths.length, bytes };
  });
}
