// Kernel versions as the Makefile spells them (6.12.117, 6.13-rc1, 7.3.0-rc7 when SUBLEVEL = 0
// is kept) or as Debian does (7.3~rc7), in release order.

type VersionKey = [major: number, minor: number, sublevel: number, rc: number];

function parseKernelVersion(v: string): VersionKey | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:[-~]rc(\d+))?/.exec(v);
  if (!m) return null;
  // a release comes after all of its release candidates
  const rc = m[4] === undefined ? Number.MAX_SAFE_INTEGER : Number(m[4]);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0), rc];
}

/** Negative when a is older than b. An -rc comes before its release, and after the release before. */
export function compareKernelVersions(a: string, b: string): number {
  const x = parseKernelVersion(a);
  const y = parseKernelVersion(b);
  if (x && y) for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a string spells a kernel release (5.10, 6.12.117, 7.3-rc7, 7.3~rc7). */
export function isKernelVersion(v: string): boolean {
  return /^\d+\.\d+(\.\d+)?([-~]rc\d+)?$/.test(v);
}
