// kbloat completion bash|zsh prints the shell's completion script; the hidden
// `kbloat __complete-builds` gives that script the stored build names, one a line.

import { existsSync } from "node:fs";
import { Argument, type Command } from "commander";
import type { Context } from "./main.js";

const SHELLS = {
  bash: async () => (await import("./render-bash-completion.js")).renderBashCompletion,
  zsh: async () => (await import("./render-zsh-completion.js")).renderZshCompletion,
} as const;

/** a name that would not survive one-a-line output (a newline, a tab, an escape) */
const CONTROL = /[\u0000-\u001f\u007f]/;

export function registerCompletionCommands(program: Command, ctx: Context): void {
  program
    .command("completion")
    .description("print the shell completion script: source <(kbloat completion bash)")
    .addArgument(new Argument("<shell>", "bash or zsh").choices(Object.keys(SHELLS)))
    .action(async (shell: keyof typeof SHELLS) => {
      const { computeCompletionSpec } = await import("./completion-spec.js");
      ctx.io.stdout.write((await SHELLS[shell]())(computeCompletionSpec(program)));
    });

  // for the completion scripts: no database is no names, not an error
  program.command("__complete-builds", { hidden: true }).action(async () => {
    if (!existsSync(ctx.dbPath())) return;
    const names = new Set((await ctx.readStore().listBuilds()).map((b) => b.name).filter((n) => !CONTROL.test(n)));
    ctx.io.stdout.write([...names].map((n) => `${n}\n`).join(""));
  });
}
