// Preloaded into a process the bench runs (node --import ./bench/report-peak-rss.mjs …): at exit
// it writes its peak resident set size to the file named by KBLOAT_BENCH_RSS_FILE, in bytes.
import { writeFileSync } from "node:fs";

const file = process.env.KBLOAT_BENCH_RSS_FILE;
if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
