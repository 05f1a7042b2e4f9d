// modules --mail: for each MAINTAINERS subsystem that owns options which could be modules, a
// plain-text report addressed to its maintainers, with the proofs an earlier --prove stored.

import { type MailCandidate, composeMaintainerMail, type MaintainerMail } from "../core/maintainer-mail.js";
import type { KconfigFacts } from "../core/kconfig/kconfig-facts.js";
import { parseMaintainers } from "../core/maintainers.js";
import type { ModularOption } from "../core/modularization.js";
import { UserError } from "../core/user-error.js";
import { readMaintainersFile } from "../adapters/read-maintainers.js";
import type { BuildRecord, BuildStore } from "./build-record.js";
import { attributeOptions, type OptionAttribution, readModularizationOf } from "./modules-report.js";
import { findStoredProof, type ModuleProof } from "./prove-modules.js";

export interface MailsResult {
  build: BuildRecord;
  mails: MaintainerMail[];
}

export async function composeMaintainerMails(
  req: { ref: string; subsystem?: string },
  store: BuildStore,
  cache: string,
  note: (m: string) => void,
): Promise<MailsResult> {
  const a = await attributeOptions(store, req.ref, cache, note);
  const where = `build ${a.build.id} (${a.build.name})`;
  const text = readMaintainersFile(a.sourceDir);
  if (!text)
    throw new UserError(
      `the source tree of ${where} has no MAINTAINERS file, so there is no one to address`,
      "use a kernel tree that has one (every release does)",
    );
  const entries = new Map(parseMaintainers(text).map((e) => [e.name, e]));
  const { report, kconfig } = await readModularizationOf(a);
  const candidates = report.options.filter((o) => (o.verdict === "module-now" || o.verdict === "bool-to-tristate") && o.bytes > 0);
  const bySubsystem = new Map<string, ModularOption[]>();
  for (const c of candidates) {
    const s = subsystemOf(a, c);
    if (s === null) continue;
    bySubsystem.set(s, [...(bySubsystem.get(s) ?? []), c]);
  }
  let wanted = [...bySubsystem.keys()];
  if (req.subsystem !== undefined) {
    const name = [...entries.keys()].find((n) => n.toLowerCase() === req.subsystem?.toLowerCase());
    if (!name) {
      throw new UserError(
        `no MAINTAINERS entry "${req.subsystem}" in the tree of ${where}`,
        'give the entry\'s title as MAINTAINERS writes it, e.g. --mail "FILESYSTEMS (VFS and infrastructure)"',
      );
    }
    if (!bySubsystem.has(name)) {
      throw new UserError(
        `${name} owns no option of ${where} that could be a module`,
        bySubsystem.size ? `subsystems that do: ${[...bySubsystem.keys()].sort().join("; ")}` : `kbloat modules ${a.build.id} says why each option is built in`,
      );
    }
    wanted = [name];
  }
  if (wanted.length === 0) {
    throw new UserError(
      `${where} has no option that could be a module, so there is nothing to report`,
      `kbloat modules ${a.build.id} says why each option is built in`,
    );
  }
  // the compiler, without the linker kbloat records beside it
  const describe = `${a.build.arch}, ${a.build.toolchain.split(";")[0].trim()}`;
  const mails: MaintainerMail[] = [];
  for (const name of wanted.sort()) {
    const list: MailCandidate[] = [];
    for (const c of bySubsystem.get(name) ?? []) list.push(await mailCandidate(a, c, store, kconfig.facts));
    const build = { id: a.build.id, name: a.build.name, describe, kernelProper: a.m.content ?? a.rows.reduce((t, r) => t + r.size, 0) };
    mails.push(composeMaintainerMail(entries.get(name)!, build, list));
  }
  return { build: a.build, mails };
}

/** the subsystem that holds most of the option's bytes, by its objects' stored subsystems */
function subsystemOf(a: OptionAttribution, c: ModularOption): string | null {
  const size = new Map(a.m.objects.map((o) => [o.path, o.text + o.data + o.bss]));
  const bytes = new Map<string, number>();
  for (const o of c.objects) {
    const s = a.m.subsystems.get(o);
    if (s) bytes.set(s, (bytes.get(s) ?? 0) + (size.get(o) ?? 0));
  }
  return [...bytes].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0] ?? null;
}

function mailProof(p: ModuleProof, build: number, left: number): MailCandidate["proof"] {
  const modules = p.modules.map((m) => ({ path: m.path, file: m.file, loaded: m.loaded }));
  return { build, left, modules, alsoModule: p.alsoModule, patch: p.patch };
}

async function mailCandidate(a: OptionAttribution, c: ModularOption, store: BuildStore, model: KconfigFacts): Promise<MailCandidate> {
  const proof = await findStoredProof(a, c, store, model);
  return {
    symbol: c.symbol,
    type: c.type,
    verdict: c.verdict as MailCandidate["verdict"],
    bytes: c.bytes,
    objects: c.objects,
    proof: proof && proof.verdict !== "not-possible" && proof.build && proof.left !== null ? mailProof(proof, proof.build.id, proof.left) : null,
    notPossible: proof?.verdict === "not-possible" ? proof.cause : null,
  };
}
