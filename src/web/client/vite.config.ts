// Bundles the pages into dist/web-pages with relative links, so that the same files work from
// `kbloat serve` and from any static file host.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: here,
  base: "./",
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("../../../dist/web-pages", import.meta.url)),
    emptyOutDir: true,
    assetsDir: "assets",
    chunkSizeWarningLimit: 800,
    // terser's two passes take 1 % more off than the default minifier: what keeps the
    // timeline page (the core, the line chart and its zoom) under 600 KB
    minify: "terser",
    terserOptions: { compress: { passes: 2 }, module: true },
    // terser is JavaScript, so most of the build's time is in it: known, and not worth a note
    rolldownOptions: { checks: { pluginTimings: false } },
  },
});
