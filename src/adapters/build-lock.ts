// One kbloat at a time in a build tree. The lock file names the owning kbloat and the process
// group of the make it runs: a second kbloat waits for a live owner; if the owner died
// (kill -9), its orphaned make is stopped before the tree is taken over.

import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface LockFile {
  pid: number;
  makeGroup: number | null;
}

const LOCK = ".kbloat-lock";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number, group = false): boolean {
  try {
    process.kill(group ? -pid : pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function read(path: string): LockFile | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as LockFile;
  } catch {
    return null;
  }
}

export interface BuildLock {
  /** records the process group of the make now running, so that a successor can stop it */
  setMakeGroup(pid: number | null): void;
  release(): void;
}

/**
 * Takes the build tree's lock: created with O_EXCL, so of two kbloats starting at once exactly one
 * gets it and the other waits. A lock whose owner died is removed (after its make is stopped)
 * only while it still names that owner, then taken the same way.
 */
export async function acquireBuildLock(dir: string, note: (message: string) => void): Promise<BuildLock> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK);
  const mine = (makeGroup: number | null) => JSON.stringify({ pid: process.pid, makeGroup });
  let waited = false;
  for (;;) {
    try {
      writeFileSync(path, mine(null), { flag: "wx" });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const held = read(path);
    if (held?.pid === process.pid) break;
    // a lock being written, or a live owner: wait for it
    if (!held || alive(held.pid)) {
      if (held && !waited) note(`waiting for kbloat (pid ${held.pid}), which is building in ${dir}`);
      waited ||= held !== null;
      await sleep(held ? 2000 : 100);
      if (!held && existsSync(path) && read(path) === null && Date.now() - statSync(path).mtimeMs > 10_000) rmSync(path, { force: true });
      continue;
    }
    if (held.makeGroup && alive(held.makeGroup, true)) {
      note(`stopping the make (process group ${held.makeGroup}) left running in ${dir} by a kbloat that was killed`);
      process.kill(-held.makeGroup, "SIGTERM");
      for (let i = 0; i < 60 && alive(held.makeGroup, true); i++) await sleep(500);
      if (alive(held.makeGroup, true)) process.kill(-held.makeGroup, "SIGKILL");
    }
    if (read(path)?.pid === held.pid) rmSync(path, { force: true });
  }
  return {
    setMakeGroup: (makeGroup) => writeFileSync(path, mine(makeGroup)),
    release: () => {
      if (read(path)?.pid === process.pid) rmSync(path, { force: true });
    },
  };
}
