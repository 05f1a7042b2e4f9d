// A real PostgreSQL server for the tests, started by kbloat's own script (scripts/local-postgres.sh)
// in a private directory on a free loopback port, and stopped when the test file ends.

import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

const SCRIPT = new URL("../../scripts/local-postgres.sh", import.meta.url).pathname;

export interface PostgresServer {
  /** the server's own kbloat database */
  url: string;
  /** a new, empty database on the server */
  newDatabase(name: string): Promise<string>;
  stop(): void;
  /** stops it and removes its data */
  remove(): void;
  /** starts it again after stop(), on the same port with the same data */
  restart(): void;
}

export function startPostgres(): PostgresServer {
  const dir = mkdtempSync(join(tmpdir(), "kbloat-pg-"));
  // the server runs as the postgres user when the tests run as root: it must reach its directory
  chmodSync(dir, 0o755);
  const data = join(dir, "data");
  let url = "";
  let port = "";
  for (let attempt = 0; !url; attempt++) {
    port = String(20000 + Math.floor(Math.random() * 40000));
    try {
      url = execFileSync("bash", [SCRIPT, "start", data, port], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }
  return {
    url,
    async newDatabase(name: string) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      const u = new URL(url);
      u.pathname = `/${name}`;
      return u.toString();
    },
    stop() {
      execFileSync("bash", [SCRIPT, "stop", data], { stdio: "ignore" });
    },
    remove() {
      execFileSync("bash", [SCRIPT, "stop", data], { stdio: "ignore" });
      rmSync(dir, { recursive: true, force: true });
    },
    restart() {
      execFileSync("bash", [SCRIPT, "start", data, port], { stdio: "ignore" });
    },
  };
}
