// Kernel versions as the Makefile spells them (6.12.117, 6.13-rc1), in release order.

/** Negative when a is older than b. An -rc comes before its release. */
export function compareKernelVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:-rc(\d+))?/.exec(v);
    if (!m) return null;
    return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0), m[4] === undefined ? Number.MAX_SAFE_INTEGER : Number(m[4])];
  };
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return a < b ? -1 : a > b ? 1 : 0;
}
