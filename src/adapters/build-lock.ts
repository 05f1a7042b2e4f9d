// One kbloat at a time in a build tree. The lock file names the owning kbloat and the process
// group of the make it runs: a second kbloat waits for a live owner; if the owner died
// (kill -9), its orphaned make is stopped before the tree is taken over.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

export async function acquireBuildLock(dir: string, note: (message: string) => void): Promise<BuildLock> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK);
  let waited = false;
  for (;;) {
    const held = existsSync(path) ? read(path) : null;
    if (!held || held.pid === process.pid) break;
    if (alive(held.pid)) {
      if (!waited) note(`waiting for kbloat (pid ${held.pid}), which is building in ${dir}`);
      waited = true;
      await sleep(2000);
      continue;
    }
    if (held.makeGroup && alive(held.makeGroup, true)) {
      note(`stopping the make (process group ${held.makeGroup}) left running in ${dir} by a kbloat that was killed`);
      process.kill(-held.makeGroup, "SIGTERM");
      for (let i = 0; i < 60 && alive(held.makeGroup, true); i++) await sleep(500);
      if (alive(held.makeGroup, true)) process.kill(-held.makeGroup, "SIGKILL");
    }
    break;
  }
  const write = (makeGroup: number | null) => writeFileSync(path, JSON.stringify({ pid: process.pid, makeGroup }));
  write(null);
  return {
    setMakeGroup: write,
    release: () => {
      if (read(path)?.pid === process.pid) rmSync(path, { force: true });
    },
  };
}
