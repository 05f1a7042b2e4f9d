#!/usr/bin/env node
import { runCli } from "../dist/cli/main.js";

// `kbloat ... | head`: a closed pipe ends the output quietly, as it does for the kernel's tools
process.stdout.on("error", (e) => process.exit(e.code === "EPIPE" ? 0 : 2));

// Ctrl-C ends a build with nothing half-done stored; a verb that runs until stopped (serve)
// takes the signal itself and ends cleanly
let interrupted = false;
let onStop = null;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (onStop) return onStop(signal);
    if (!interrupted) process.stderr.write(`\nkbloat: interrupted by ${signal}; nothing half-done is stored, the next run starts clean\n`);
    interrupted = true;
    process.exit(130);
  });
}
const io = { stdout: process.stdout, stderr: process.stderr, env: process.env, onStop: (handler) => void (onStop = handler) };
process.exitCode = await runCli(process.argv.slice(2), io);
