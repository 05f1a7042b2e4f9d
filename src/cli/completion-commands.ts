// kbloat completion bash|zsh prints the shell's completion script; the hidden
// `kbloat __complete-builds` gives that script the stored build names, one a line.

import { existsSync } from "node:fs";
import { Argument, type Command } from "commander";
import { computeCompletionSpec } from "./completion-spec.js";
import type { Context } from "./main.js";
import { renderBashCompletion } from "./render-bash-completion.js";
import { renderZshCompletion } from "./render-zsh-completion.js";

const SHELLS = { bash: renderBashCompletion, zsh: renderZshCompletion } as const;

/** a name that would not survive one-a-line output (a newline, a tab, an escape) */
const CONTROL = /[\u0000-\u001f\u007f]/;

export function registerCompletionCommands(program: Command, ctx: Context): void {
  program
    .command("completion")
    .description("print the shell completion script: source <(kbloat completion bash)")
    .addArgument(new Argument("<shell>", "bash or zsh").choices(Object.keys(SHELLS)))
    .action((shell: keyof typeof SHELLS) => ctx.io.stdout.write(SHELLS[shell](computeCompletionSpec(program))));

  // for the completion scripts: no database is no names, not an error
  program.command("__complete-builds", { hidden: true }).action(async () => {
    if (!existsSync(ctx.dbPath())) return;
    const names = new Set((await ctx.readStore().listBuilds()).map((b) => b.name).filter((n) => !CONTROL.test(n)));
    ctx.io.stdout.write([...names].map((n) => `${n}\n`).join(""));
  });
}
