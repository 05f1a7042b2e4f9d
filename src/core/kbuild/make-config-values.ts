// A kernel .config (or include/config/auto.conf) as the values make sees (for what conf reads,
// with `n` and unquoted strings, see ../kconfig/dot-config.ts).

/**
 * Symbol (without CONFIG_) → value as written after `=`: `y`, `m`, `64`, `"a string"` with its
 * quotes. `# CONFIG_X is not set` and symbols that are absent both read as not set (no entry).
 */
export function parseMakeConfigValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^CONFIG_([A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (m && m[2] !== "n") values.set(m[1], m[2]);
  }
  return values;
}
