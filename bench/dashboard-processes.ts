// What the dashboard bench starts and must stop again: `kbloat serve`, `kbloat publish`, and a
// plain static file server for the published folder. Loopback addresses only; every start
// registers its stop with a Cleanup, which runs (in reverse) at the end, on error and on Ctrl-C.

import { type ChildProcess, spawn } from "node:child_process";
import { createReadStream, existsSync, readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..");
const KBLOAT = join(ROOT, "bin", "kbloat.js");

export class Cleanup {
  private steps: { name: string; run: () => Promise<void> | void }[] = [];

  add(name: string, run: () => Promise<void> | void): void {
    this.steps.push({ name, run });
  }

  /** Runs every step once, newest first; a failing step is reported and the others still run. */
  async runAll(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.run();
      } catch (e) {
        process.stderr.write(`bench: cleanup of ${step.name} failed: ${(e as Error).message}\n`);
      }
    }
  }
}

/** VmRSS and VmHWM of a process, in bytes. */
export function readMemory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}

/** Stops a child: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface ServeProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** `kbloat --db DB serve` on 127.0.0.1 and a port the system picks; resolves once it listens. */
export async function startServe(db: string, cleanup: Cleanup, timeoutMs = 60_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [KBLOAT, "--db", db, "serve", "--host", "127.0.0.1", "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  const stop = () => stopChild(child);
  cleanup.add(`kbloat serve (pid ${child.pid})`, stop);
  let stderr = "";
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`kbloat serve did not start listening within ${timeoutMs / 1000} s: ${stderr}`)), timeoutMs);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
      const m = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        done(m[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`kbloat serve exited with ${code} before listening: ${stderr.trim()}`));
    });
  });
  return { url, pid: child.pid as number, stop };
}

export interface PublishRun {
  ms: number;
  stdout: string;
  /** the highest VmRSS seen while it ran (sampled every 200 ms) */
  peakRss: number;
  /** publish's own progress lines (`[publish] N/T documents`): when N documents were written */
  progress: { ms: number; done: number; total: number }[];
}

/** `kbloat --db DB publish DIR --force`, timed, within `timeoutMs`. */
export async function runPublish(db: string, dir: string, cleanup: Cleanup, timeoutMs = 45 * 60_000): Promise<PublishRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [KBLOAT, "--db", db, "publish", dir, "--force"], { stdio: ["ignore", "pipe", "pipe"] });
  cleanup.add(`kbloat publish (pid ${child.pid})`, () => stopChild(child));
  let stdout = "";
  let stderr = "";
  let peakRss = 0;
  const progress: PublishRun["progress"] = [];
  child.stdout?.on("data", (c: Buffer) => {
    stdout += c.toString("utf8");
  });
  child.stderr?.on("data", (c: Buffer) => {
    const text = c.toString("utf8");
    for (const m of text.matchAll(/\[publish\] (\d+)\/(\d+) documents/g))
      progress.push({ ms: performance.now() - started, done: Number(m[1]), total: Number(m[2]) });
    stderr = (stderr + text).slice(-4000);
  });
  const sampler = setInterval(() => {
    try {
      // a process that has exited but is not reaped yet has no VmRSS line: NaN, not a sample
      const { rss } = readMemory(child.pid as number);
      if (Number.isFinite(rss)) peakRss = Math.max(peakRss, rss);
    } catch {
      // gone between two samples
    }
  }, 200);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((done) => child.once("exit", (c) => done(c)));
  clearInterval(sampler);
  clearTimeout(timer);
  if (code !== 0) throw new Error(`kbloat publish exited with ${code}: ${stderr.trim()}`);
  return { ms: performance.now() - started, stdout, peakRss, progress };
}

/** Files and bytes under a folder. */
export function measureFolder(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.isFile()) {
        files++;
        bytes += statSync(join(d, e.name)).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** A plain static file server of `root` on 127.0.0.1 (GET and HEAD; no `..`, no symlinks out). */
export async function startStaticServer(root: string, cleanup: Cleanup): Promise<{ url: string }> {
  const top = realpathSync(root);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = resolve(top, `.${path.endsWith("/") ? `${path}index.html` : path}`);
    const inside = file.startsWith(top + sep) && existsSync(file) && realpathSync(file).startsWith(top + sep) && statSync(file).isFile();
    if ((req.method !== "GET" && req.method !== "HEAD") || !inside) {
      res.writeHead(inside ? 405 : 404, { "content-type": "text/plain" }).end(inside ? "GET only\n" : "not found\n");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "content-length": statSync(file).size });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => done());
  });
  cleanup.add(
    "static server",
    () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}
