// The log of one build: written to kbloat-build.log in the build tree and kept in memory, so
// that a full disk costs the file its end but never costs kbloat the failure's cause.

import { appendFileSync, writeFileSync } from "node:fs";

export class BuildLog {
  private readonly chunks: string[] = [];
  private writable = true;

  constructor(readonly path: string) {
    this.write(() => writeFileSync(path, ""));
  }

  append(text: string | Buffer): void {
    const s = String(text);
    this.chunks.push(s);
    this.write(() => appendFileSync(this.path, s));
  }

  text(): string {
    return this.chunks.join("");
  }

  /** the first failed write (ENOSPC, EIO…) stops writing the file; the log goes on in memory */
  private write(f: () => void): void {
    if (!this.writable) return;
    try {
      f();
    } catch {
      this.writable = false;
    }
  }
}
