#!/usr/bin/env node
import { runCli } from "../dist/cli/main.js";

const controller = new AbortController();
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write(`\nkbloat: interrupted by ${signal}; nothing half-done is stored, the next run starts clean\n`);
    process.exit(130);
  });
}
void controller;
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
