// A .config file as the kernel's conf reads it.

/**
 * Symbol name (without CONFIG_) → value: `y`, `m`, `n` (from `# CONFIG_X is not set`), a
 * number as written, or a string with its quotes and backslash escapes undone. A symbol
 * given twice keeps the last value, as conf does. Other lines are ignored.
 */
export function parseDotConfig(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (let line of text.split("\n")) {
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.startsWith("# CONFIG_")) {
      const m = /^# CONFIG_([^ ]+) is not set$/.exec(line);
      if (m) values.set(m[1], "n");
      continue;
    }
    if (!line.startsWith("CONFIG_")) continue;
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const raw = line.slice(eq + 1);
    values.set(line.slice(7, eq), raw.startsWith('"') ? unquote(raw) : raw);
  }
  return values;
}

function unquote(raw: string): string {
  let out = "";
  for (let i = 1; i < raw.length; i++) {
    const c = raw[i];
    if (c === '"') break;
    if (c === "\\" && i + 1 < raw.length) out += raw[++i];
    else out += c;
  }
  return out;
}
