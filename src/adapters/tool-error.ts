// A tool that failed: its command line, exit code and the end of what it said.

export class ToolError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | undefined,
    readonly stderrTail: string,
  ) {
    super(`\`${command}\` failed${exitCode === undefined ? "" : ` (exit ${exitCode})`}${stderrTail ? `: ${stderrTail}` : ""}`);
  }
}
