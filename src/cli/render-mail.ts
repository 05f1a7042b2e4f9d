// modules --mail: the reports on stdout, one after the other (a line of dashes between them), or
// one file per subsystem in a directory, named after the subsystem.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderMaintainerMail, type MaintainerMail } from "../core/maintainer-mail.js";

/** The text for stdout: the mails, or with `dir` the files written. */
export function writeMails(mails: MaintainerMail[], dir: string | undefined): string {
  if (dir === undefined) return mails.map(renderMaintainerMail).join(`\n${"-".repeat(72)}\n\n`);
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const used = new Set<string>();
  for (const m of mails) {
    let name =
      m.subsystem
        .replace(/[^A-Za-z0-9]+/g, "-")
        .replace(/^-|-$/g, "")
        .toLowerCase() || "subsystem";
    while (used.has(name)) name += "-";
    used.add(name);
    const file = join(dir, `${name}.txt`);
    writeFileSync(file, renderMaintainerMail(m));
    written.push(`${file}  ${m.subsystem}`);
  }
  return `${written.join("\n")}\n`;
}
