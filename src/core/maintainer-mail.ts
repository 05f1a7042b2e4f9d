// A plain-text report for one MAINTAINERS subsystem: the options of its code that are built in
// but could be modules, with what kbloat measured for each, addressed as get_maintainer.pl would
// (To: the M: lines, Cc: the R: and L: lines). Text only: it is written, never sent.

import { formatBytes, formatCount } from "./format-size.js";
import type { MaintainersEntry } from "./maintainers.js";

export interface MailCandidate {
  symbol: string;
  type: "bool" | "tristate";
  verdict: "module-now" | "bool-to-tristate";
  /** bytes of its own objects */
  bytes: number;
  objects: string[];
  /** measured by modules --prove, when it was */
  proof: {
    build: number;
    left: number;
    modules: { path: string; file: number; loaded: number }[];
    alsoModule: string[];
    /** for a bool: the patch it was built with */
    patch: string | null;
  } | null;
  /** why it is not possible today, when --prove found so */
  notPossible: string | null;
}

export interface MailBuild {
  id: number;
  name: string;
  /** arch and compiler in a few words */
  describe: string;
  kernelProper: number;
}

export interface MaintainerMail {
  subsystem: string;
  to: string[];
  cc: string[];
  subject: string;
  body: string;
}

/** Untrusted text (a MAINTAINERS line) on one header line: no line breaks can get in. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ").trim();

/** A list's L: line without its note: `netdev@vger.kernel.org (open list)` → the address. */
const address = (l: string) => oneLine(l).replace(/\s*\(.*\)\s*$/, "");

export function composeMaintainerMail(entry: MaintainersEntry, build: MailBuild, candidates: MailCandidate[]): MaintainerMail {
  const total = candidates.reduce((t, c) => t + (c.proof?.left ?? c.bytes), 0);
  const proven = candidates.filter((c) => c.proof);
  const subject = `[kbloat] ${oneLine(entry.name)}: ${formatBytes(total)} of the kernel proper could be modules (${build.name}, ${build.describe})`;
  const lines: string[] = [
    `Hello,`,
    ``,
    `kbloat measured the kernel proper (the content bytes of vmlinux: what it holds, not the`,
    `linker's padding) of build ${build.id}, ${build.name} (${build.describe}): ${formatCount(build.kernelProper)} bytes.`,
    countLine(oneLine(entry.name), candidates.length, total, proven.length),
    ``,
  ];
  for (const c of candidates) {
    lines.push(`CONFIG_${c.symbol} (${c.type}, =y): ${formatCount(c.bytes)} bytes of its own objects`);
    lines.push(`  objects: ${c.objects.slice(0, 8).join(" ")}${c.objects.length > 8 ? ` and ${c.objects.length - 8} more` : ""}`);
    if (c.proof) {
      const p = c.proof;
      const loaded = p.modules.reduce((t, m) => t + m.loaded, 0);
      const also = p.alsoModule.length ? ` (${p.alsoModule.join(", ")} went to m with it)` : "";
      lines.push(`  proven: built with CONFIG_${c.symbol}=m${also}, ${formatCount(p.left)} content bytes left vmlinux`);
      for (const m of p.modules) {
        lines.push(`    ${m.path}: ${formatCount(m.file)} bytes on disk, ${formatCount(m.loaded)} allocated when loaded (each region rounded to pages)`);
      }
      lines.push(`    saving while the module is not loaded: ${formatCount(p.left)} bytes; while it is loaded: ${formatCount(p.left - loaded)} bytes`);
      lines.push(`  reproduce: kbloat modules ${build.id} --prove N; kbloat diff ${build.id} ${p.build} --format bloat-o-meter`);
      if (p.patch)
        lines.push(
          `  built with this change to its Kconfig entry:`,
          ``,
          ...p.patch
            .trimEnd()
            .split("\n")
            .map((l) => `    ${l}`),
        );
    } else if (c.notPossible) {
      lines.push(`  not possible today: ${oneLine(c.notPossible)}`);
    } else if (c.verdict === "module-now") {
      lines.push(`  not yet built as a module: kbloat modules ${build.id} --prove N measures it`);
    } else {
      lines.push(`  a bool: its Kconfig entry would have to become a tristate (and its code build as a module)`);
    }
    lines.push(``);
  }
  lines.push(
    `Content bytes come from vmlinux's link map; a module's allocated bytes are its sections as`,
    `kernel/module/main.c lays them out. Each figure comes with the command that measures it again.`,
    ``,
  );
  return {
    subsystem: entry.name,
    to: entry.maintainers.map(oneLine),
    cc: [...entry.reviewers.map(oneLine), ...entry.lists.map(address)],
    subject,
    body: lines.join("\n"),
  };
}

function countLine(subsystem: string, n: number, total: number, proven: number): string {
  if (n === 1) {
    const measured = proven ? "; it was built as one and measured" : "";
    return `One option whose code is in ${subsystem} is built in but could be a module, ${formatCount(total)} bytes${measured}:`;
  }
  const measured = proven ? `; ${proven} of them were built as modules and measured` : "";
  return `${n} options whose code is in ${subsystem} are built in but could be modules, ${formatCount(total)} bytes in all${measured}:`;
}

/** The mail as text: its headers, a blank line, its body. */
export function renderMaintainerMail(m: MaintainerMail): string {
  const header = (name: string, values: string[]) => (values.length ? [`${name}: ${values.join(",\n    ")}`] : []);
  return [...header("To", m.to), ...header("Cc", m.cc), `Subject: ${oneLine(m.subject)}`, "", m.body].join("\n");
}
