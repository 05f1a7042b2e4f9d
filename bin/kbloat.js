#!/usr/bin/env node
import { runCli } from "../dist/cli/main.js";

// `kbloat ... | head`: a closed pipe ends the output quietly, as it does for the kernel's tools
process.stdout.on("error", (e) => process.exit(e.code === "EPIPE" ? 0 : 2));

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (!interrupted) process.stderr.write(`\nkbloat: interrupted by ${signal}; nothing half-done is stored, the next run starts clean\n`);
    interrupted = true;
    process.exit(130);
  });
}
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
