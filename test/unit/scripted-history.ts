// A kernel history in miniature, for the history use cases' fast tests (track, blame, check): a
// real git repository whose "kernel" is one file per object listing its symbols, one
// `name type size` a line, and a builder that measures a revision by reading those files instead
// of running make. Everything else is what runs on a real kernel: git, the SQLite store, the
// attribution search, the store's lookups of what is already built.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { identifyBuild } from "../../src/app/build-and-store.js";
import type { StoredMeasurement } from "../../src/app/build-record.js";
import { findReusable, type OpenRevisionBuilder, type RevisionBuilder } from "../../src/app/revision-builder.js";
import { createSubsystemMatcher, parseMaintainers } from "../../src/core/maintainers.js";
import { parseRecipe, type Recipe } from "../../src/core/recipe.js";

export const recipe: Recipe = parseRecipe({
  spec: "tiny",
  arch: "x86_64",
  toolchain: { cc: "", llvm: false, crossCompile: "" },
  fragments: [],
  enable: [],
  disable: [],
});

/** x86_64's linker pads .text to 2 MiB: size's figures stand still while content grows */
const PAD = 2 * 1024 * 1024;

export interface PlantedCommit {
  subject: string;
  /** path → new text, or null for none (deleted if it was there) */
  files: Record<string, string | null>;
  /** message lines after the subject (trailers) */
  body?: string;
  /** a lightweight tag on the commit */
  tag?: string;
}

const git = (repo: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  execFileSync("git", ["-C", repo, ...args], { encoding: "utf8", env: { ...process.env, ...env } }).trim();

/** A repository with one commit per entry, each at its own date; returns it and each commit's sha. */
export function plantHistory(commits: PlantedCommit[]): { repo: string; shas: string[] } {
  const repo = mkdtempSync(join(tmpdir(), "kbloat-history-"));
  git(repo, ["init", "-q", "-b", "master"]);
  const shas: string[] = [];
  for (const [i, c] of commits.entries()) {
    for (const [path, text] of Object.entries(c.files)) {
      const file = join(repo, path);
      if (text === null) rmSync(file, { force: true });
      else {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, text);
      }
    }
    git(repo, ["add", "-A"]);
    const date = `2024-01-${String(i + 1).padStart(2, "0")}T12:00:00+00:00`;
    const author = { GIT_AUTHOR_NAME: "Kernel Dev", GIT_AUTHOR_EMAIL: "dev@example.org", GIT_AUTHOR_DATE: date };
    const env = { ...author, GIT_COMMITTER_NAME: "Kernel Dev", GIT_COMMITTER_EMAIL: "dev@example.org", GIT_COMMITTER_DATE: date };
    git(repo, ["commit", "-q", "--allow-empty", "-m", c.body ? `${c.subject}\n\n${c.body}` : c.subject], env);
    shas.push(git(repo, ["rev-parse", "HEAD"]));
    if (c.tag) git(repo, ["tag", c.tag]);
  }
  return { repo, shas };
}

/** The lines of an object's file: `name type size` */
export const symbolsText = (symbols: [string, string, number][]) => symbols.map(([n, t, s]) => `${n} ${t} ${s}\n`).join("");

/** What the scripted make reads of a revision: every *.c file's symbols; a BROKEN file fails the compile. */
function measureRevision(repo: string, sha: string): StoredMeasurement | { failed: string } {
  const files = git(repo, ["ls-tree", "-r", "--name-only", sha]).split("\n");
  if (files.includes("BROKEN")) return { failed: git(repo, ["show", `${sha}:BROKEN`]) };
  const maintainers = files.includes("MAINTAINERS") ? git(repo, ["show", `${sha}:MAINTAINERS`]) : "";
  const subsystemOf = createSubsystemMatcher(parseMaintainers(maintainers));
  const m: StoredMeasurement = {
    totals: { text: 0, data: 0, bss: 0, total: 0 },
    content: 0,
    linkerMade: { text: 0, data: 0, bss: 0 },
    image: null,
    sections: [],
    symbols: [],
    objects: [],
    subsystems: new Map(),
    config: "CONFIG_SCRIPTED=y\n",
    // what the build read: every file but the documentation
    inputs: files.filter((f) => !f.startsWith("Documentation/")),
  };
  for (const file of files.filter((f) => f.endsWith(".c"))) {
    const object = { path: file.replace(/\.c$/, ".o"), text: 0, data: 0, bss: 0 };
    for (const line of git(repo, ["show", `${sha}:${file}`])
      .split("\n")
      .filter(Boolean)) {
      const [name, type, size] = line.split(" ");
      const column = /[tT]/.test(type) ? "text" : /[bB]/.test(type) ? "bss" : "data";
      object[column] += Number(size);
      m.symbols.push({ name, type, size: Number(size) });
    }
    m.objects.push(object);
    const subsystem = subsystemOf(file);
    if (subsystem) m.subsystems.set(object.path, subsystem);
  }
  for (const o of m.objects) for (const k of ["text", "data", "bss"] as const) m.totals[k] += o[k];
  m.content = m.totals.text + m.totals.data + m.totals.bss;
  m.totals.text = Math.ceil(m.totals.text / PAD) * PAD;
  m.totals.total = m.totals.text + m.totals.data + m.totals.bss;
  return m;
}

/** A builder for the use cases that runs the scripted make; `built` lists the revisions it built, in order. */
export function scriptedBuilder(): { open: OpenRevisionBuilder; built: string[] } {
  const built: string[] = [];
  const open: OpenRevisionBuilder = async (plan, _queue, store) => {
    const builder: RevisionBuilder = {
      slots: 1,
      async build(p) {
        const { reusable } = await findReusable(p, plan, store);
        if (reusable) return reusable;
        const r = p.r ?? plan.r;
        const repo = p.sourceLocation;
        const m = measureRevision(repo, p.revision);
        const failed = "failed" in m ? m.failed : null;
        built.push(p.revision);
        const record = await store.saveBuild(
          {
            identity: identifyBuild(p.sourceIdentity, r),
            name: p.name,
            source: p.display,
            revision: p.revision,
            sourceIdentity: p.sourceIdentity,
            sourceLocation: p.sourceLocation,
            recipeData: r.recipe,
            recipe: r.recipe.name,
            recipeHash: r.recipeHash,
            arch: r.recipe.arch,
            toolchain: r.toolchain,
            sourceDir: null,
            buildDir: null,
            status: failed === null ? "ok" : "failed",
            failedStep: failed === null ? null : "compile",
            logTail: failed,
            durationMs: 1,
            compiled: 1,
          },
          "failed" in m ? null : m,
        );
        return { record, how: "built" };
      },
      async close() {},
    };
    return builder;
  };
  return { open, built };
}
