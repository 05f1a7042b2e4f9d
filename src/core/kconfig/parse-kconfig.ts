// Reads a Kconfig tree without doing any I/O itself: a generator that asks for files as the
// `source` lines name them and is handed their text. The caller drives it:
//
//   const reading = parseKconfig({ env: { SRCARCH: "x86", ARCH: "x86_64", srctree } });
//   let step = reading.next();
//   while (!step.done) step = reading.next(filesFor(step.value));   // [] when missing
//   const { model, errors } = step.value;
//
// Errors do not stop it: each is kept as `file:line: message` and reading goes on.

import { type LexFrame, lexStatement, readHelp } from "./lexer.js";
import { MacroExpander } from "./macro.js";
import type { KconfigReadResult } from "./model.js";
import { finalizeModel } from "./finalize-model.js";
import { globToRegExp } from "./glob.js";
import { ParseState } from "./parse-state.js";
import { type FrameInfo, handleStatement } from "./parse-statement.js";

export interface KconfigParseOptions {
  /** what $(NAME) gives for names no assignment defines: SRCARCH, ARCH, srctree, CC, … */
  env: Readonly<Record<string, string>>;
  /** the top file, relative to the source tree; "Kconfig" unless told */
  entry?: string;
}

/**
 * A file (or, for a glob, every file matching it) the reader needs, as a path relative to
 * the source tree or absolute. The answer is the files found, sorted by path when globbed.
 */
export interface KconfigFileRequest {
  path: string;
  glob: boolean;
  optional: boolean;
}

export interface KconfigFile {
  path: string;
  text: string;
}

type Frame = LexFrame & FrameInfo;

export function* parseKconfig(options: KconfigParseOptions): Generator<KconfigFileRequest, KconfigReadResult, KconfigFile[]> {
  const st = new ParseState(options.env);
  const macros = new MacroExpander(options.env, {
    error: (message) => st.error(message, { file: macros.file, line: macros.line }),
    warning: (message) => st.warning(message, { file: macros.file, line: macros.line }),
  });
  const lexReport = { warning: (line: number, message: string) => st.warning(message, { file: st.file, line }) };
  const entry = options.entry ?? "Kconfig";
  const frames: Frame[] = [];
  const top = yield { path: entry, glob: false, optional: false };
  if (top.length === 0) st.error(`can't find file ${entry}`, { file: entry, line: 0 });
  pushFrames(st, frames, top);
  while (frames.length > 0) {
    const f = frames[frames.length - 1];
    st.file = macros.file = f.file;
    const stmt = lexStatement(f, macros, lexReport);
    if (!stmt) {
      closeFrame(st, f);
      frames.pop();
      continue;
    }
    st.line = stmt.line;
    const action = handleStatement(st, macros, stmt, f);
    if (action?.kind === "help") attachHelp(st, readHelp(f));
    else if (action?.kind === "source") {
      const at = st.at();
      const chain = frames.findIndex((x) => x.file === action.path);
      if (chain >= 0) {
        st.error(
          `recursive inclusion of '${action.path}' (${frames
            .slice(chain)
            .map((x) => x.file)
            .join(" -> ")} -> ${action.path})`,
          at,
        );
        continue;
      }
      const files = yield { path: action.path, glob: action.glob, optional: action.optional };
      if (files.length === 0 && !action.optional) st.error(action.glob ? `no file matches "${action.path}"` : `can't open file "${action.path}"`, at);
      pushFrames(st, frames, files);
    }
  }
  return finalizeModel(st);
}

/** the files to read next: the first on top */
function pushFrames(st: ParseState, frames: Frame[], files: KconfigFile[]): void {
  for (let i = files.length - 1; i >= 0; i--) {
    frames.push({ file: files[i].path, text: files[i].text, pos: 0, line: 1, baseDepth: st.stack.length });
  }
  for (const f of files) st.files.push(f.path);
}

/** At the end of a file, the blocks it opened and did not end. */
function closeFrame(st: ParseState, f: Frame): void {
  st.current = null;
  while (st.stack.length > f.baseDepth) {
    const b = st.stack.pop();
    if (b) st.error("missing end statement for this entry", b.at);
  }
}

function attachHelp(st: ParseState, text: string): void {
  const e = st.current;
  if (!e || e === "skipped" || (e.kind !== "config" && e.kind !== "menuconfig" && e.kind !== "choice")) return;
  if (e.help !== null) st.warning(`'${e.kind === "choice" ? "<choice>" : e.symbol}' defined with more than one help text -- only the last one will be used`);
  e.help = text;
}

/** The reader over files already in memory (path → text), for tests and small trees. */
export function parseKconfigFiles(files: ReadonlyMap<string, string>, options: KconfigParseOptions): KconfigReadResult {
  const reading = parseKconfig(options);
  let step = reading.next();
  while (!step.done) {
    const req = step.value;
    const re = req.glob ? globToRegExp(req.path) : null;
    const paths = re ? [...files.keys()].filter((p) => re.test(p)).sort() : files.has(req.path) ? [req.path] : [];
    step = reading.next(paths.map((path) => ({ path, text: files.get(path) as string })));
  }
  return step.value;
}
