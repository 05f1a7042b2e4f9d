// kbloat's command line: argument parsing, exit codes and errors. The work happens in app/.

import { Command, CommanderError, Option } from "commander";
import { cacheDir, defaultDbPath, openReadOnlyStore, openStore } from "../app/open-store.js";
import { BuildFailed, type BuildStore } from "../app/build-record.js";
import { DATABASE_SCHEMA, readPackageVersion } from "../app/kbloat-version.js";
import { EXIT_ERROR, UserError } from "../core/user-error.js";
import { registerCommands } from "./commands.js";
import { FORMATS } from "./output-format.js";

export interface Io {
  stdout: { write(s: string): void; isTTY?: boolean };
  stderr: { write(s: string): void; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** for verbs that run until stopped: SIGINT and SIGTERM call `handler` instead of ending kbloat */
  onStop?: (handler: (signal: string) => void) => void;
}

export interface Context {
  io: Io;
  store(): BuildStore;
  /** the database for verbs that only read: it must exist, and is opened read-only */
  readStore(): BuildStore;
  dbPath(): string;
  cache: string;
  format(): (typeof FORMATS)[number];
  /** --format as given, bloat-o-meter included */
  rawFormat(): string;
  exitCode: number;
}

export async function runCli(argv: string[], io: Io): Promise<number> {
  const program = new Command("kbloat")
    .description("Keeps the Linux kernel honest about its size: builds, measures and explains the kernel proper.")
    .version(`kbloat ${readPackageVersion()} (database schema ${DATABASE_SCHEMA})`, "-V, --version", "print kbloat's version and its database schema")
    .addOption(new Option("--db <path|url>", "database: a SQLite file, or postgres://USER@HOST/DB (default: $KBLOAT_DB or ~/.local/share/kbloat/kbloat.db)"))
    .addOption(new Option("--format <format>", "output format (bloat-o-meter: diff only)").choices([...FORMATS, "bloat-o-meter"]).default("text"))
    .exitOverride()
    // a usage error reads as every other error: the cause after "kbloat: ", then where to look
    .showHelpAfterError("  kbloat --help lists the verbs, kbloat VERB --help what one takes")
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s.replace(/^error: /, "kbloat: ")),
    });
  let store: BuildStore | undefined;
  const ctx: Context = {
    io,
    cache: cacheDir(io.env),
    dbPath: () => program.opts().db ?? defaultDbPath(io.env),
    store: () => {
      store ??= openStore(ctx.dbPath());
      return store;
    },
    readStore: () => {
      store ??= openReadOnlyStore(ctx.dbPath());
      return store;
    },
    format: () => {
      const f = program.opts().format;
      if (f === "bloat-o-meter") throw new UserError("--format bloat-o-meter is an output of kbloat diff only", `use one of ${FORMATS.join(", ")}`);
      return f;
    },
    rawFormat: () => program.opts().format,
    exitCode: 0,
  };
  registerCommands(program, ctx);
  try {
    await program.parseAsync(argv, { from: "user" });
    return ctx.exitCode;
  } catch (e) {
    return reportError(e, io);
  } finally {
    await store?.close();
  }
}

function reportError(e: unknown, io: Io): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_ERROR;
  if (e instanceof BuildFailed) {
    io.stderr.write(`kbloat: build ${e.record.id} (${e.record.name}) failed at ${e.record.failedStep}: ${e.cause}\n`);
    io.stderr.write(`  the failure is stored; see the log's tail with: kbloat show ${e.record.id}\n`);
    return EXIT_ERROR;
  }
  if (e instanceof UserError) {
    io.stderr.write(`kbloat: ${e.message}\n${e.hint ? `  ${e.hint}\n` : ""}`);
    return EXIT_ERROR;
  }
  io.stderr.write(`kbloat: internal error: ${(e as Error)?.stack ?? e}\n  please report this as a bug, with the command you ran\n`);
  return EXIT_ERROR;
}
