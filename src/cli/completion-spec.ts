// What a shell needs to complete kbloat's command line, read from the commands as registered:
// the verbs, their options (which take a value, and which values), and which arguments are
// stored builds. The bash and zsh scripts are renderings of it, so they never drift from the CLI.

import type { Argument, Command, Option } from "commander";

export interface CompletionOption {
  /** the long and short spellings: ["--by"], ["-j", "--jobs"], ["-c"] */
  names: string[];
  description: string;
  takesValue: boolean;
  /** the values it accepts, when it declares them */
  choices: string[] | null;
}

/**
 * A positional argument: a stored build (id or REV@RECIPE name), a verb (help's), one of a few
 * words, or anything else (a path, a revision, a range), which the shell completes as a path.
 */
export type CompletionArgument = { kind: "build" } | { kind: "verb" } | { kind: "choice"; choices: string[] } | { kind: "other" };

export interface CompletionVerb {
  name: string;
  description: string;
  options: CompletionOption[];
  /** the positional arguments in order; the last one may repeat */
  arguments: CompletionArgument[];
  variadic: boolean;
}

export interface CompletionSpec {
  program: string;
  /** the options that go before (or after) any verb */
  global: CompletionOption[];
  verbs: CompletionVerb[];
}

/** the arguments that name a stored build: show, diff, modules and options take them */
const BUILD_ARGUMENTS = new Set(["build", "base", "head"]);

const HELP: CompletionOption = { names: ["-h", "--help"], description: "show help", takesValue: false, choices: null };

function completionOption(o: Option): CompletionOption {
  const names = [o.short, o.long].filter((n): n is string => Boolean(n));
  return { names, description: o.description, takesValue: o.required || o.optional, choices: o.argChoices ? [...o.argChoices] : null };
}

function completionArgument(a: Argument): CompletionArgument {
  if (BUILD_ARGUMENTS.has(a.name())) return { kind: "build" };
  return a.argChoices ? { kind: "choice", choices: [...a.argChoices] } : { kind: "other" };
}

/** Verbs whose name starts with "__" are kbloat's own helpers (the build names for completion). */
export function computeCompletionSpec(program: Command): CompletionSpec {
  const verbs = program.commands
    .filter((c) => !c.name().startsWith("__"))
    .map((c): CompletionVerb => ({
      name: c.name(),
      description: c.description(),
      options: [...c.options.map(completionOption), HELP],
      arguments: c.registeredArguments.map(completionArgument),
      variadic: c.registeredArguments.at(-1)?.variadic ?? false,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const help: CompletionVerb = { name: "help", description: "show help for a verb", options: [], arguments: [{ kind: "verb" }], variadic: false };
  return { program: program.name(), global: [...program.options.map(completionOption), HELP], verbs: [...verbs, help] };
}

/** Every spelling of an option that takes a value, for finding the words that are values. */
export function valueOptionNames(options: CompletionOption[]): string[] {
  return options.filter((o) => o.takesValue).flatMap((o) => o.names);
}
