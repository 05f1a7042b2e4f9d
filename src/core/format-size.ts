// Sizes for people: 1.2 MiB, +3.4 KiB. Exact bytes stay in machine formats.

export function formatBytes(n: number): string {
  const a = Math.abs(n);
  if (a < 1024) return `${n} B`;
  if (a < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatDelta(n: number): string {
  return n > 0 ? `+${formatBytes(n)}` : n < 0 ? `-${formatBytes(-n)}` : "0 B";
}

/** 1234567 → "1,234,567", as toLocaleString("en-US") prints an integer, without starting Intl (~10 ms) */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

export function formatPercent(part: number, whole: number): string {
  return whole ? `${((part * 100) / whole).toFixed(1)}%` : "-";
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

/** A change in bytes with its sign: +8192, -80, 0. */
export function formatSigned(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** The same, with thousands separators: +8,192. */
export function formatSignedCount(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : formatCount(n);
}

/** `500KiB`, `1.5MiB`, `500K`, `2M`, `800000`: bytes, or null when it is none of those (K is 1024, as in KiB). */
export function parseSize(text: string): number | null {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(|B|K|KB|KiB|M|MB|MiB)\s*$/i.exec(text);
  if (!m) return null;
  const unit = m[2].toUpperCase().replace(/I?B$/, "");
  const n = Number(m[1]) * (unit === "K" ? 1024 : unit === "M" ? 1024 * 1024 : 1);
  return Number.isFinite(n) && (unit !== "" || Number.isInteger(n)) ? Math.round(n) : null;
}
