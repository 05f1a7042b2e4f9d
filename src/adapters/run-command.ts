// Runs a tool. Failures carry the command line, exit code and the end of stderr.

import { execa } from "execa";
import { ToolError } from "./tool-error.js";

export { ToolError };

export function tail(text: string, lines: number): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

export async function runCommand(file: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<string> {
  const r = await execa(file, args, { cwd: opts.cwd, env: opts.env, reject: false, stripFinalNewline: false });
  if (r.failed) {
    if (r.code === "ENOENT") throw new ToolError(`${file} ${args.join(" ")}`, undefined, `${file} is not installed`);
    throw new ToolError(`${file} ${args.join(" ")}`, r.exitCode, tail(String(r.stderr || r.stdout || ""), 5));
  }
  return String(r.stdout);
}

export async function commandExists(file: string): Promise<boolean> {
  const r = await execa("sh", ["-c", `command -v "$1"`, "sh", file], { reject: false });
  return r.exitCode === 0;
}
