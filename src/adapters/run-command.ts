// Small helpers for running tools.

import { execa } from "execa";

export function tail(text: string, lines: number): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

export async function commandExists(file: string): Promise<boolean> {
  const r = await execa("sh", ["-c", `command -v "$1"`, "sh", file], { reject: false });
  return r.exitCode === 0;
}
