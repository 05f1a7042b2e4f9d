// Shell-style globs in `source` paths: `*`, `?` and `[…]` (`[!…]` negated), none crossing a
// `/`, and a leading wildcard does not match a leading dot.

export function globToRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const segmentStart = i === 0 || pattern[i - 1] === "/";
    if ((c === "*" || c === "?" || c === "[") && segmentStart) re += "(?!\\.)";
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[" && pattern.indexOf("]", i + 2) > 0) {
      const end = pattern.indexOf("]", i + 2);
      const body = pattern.slice(i + 1, end).replace(/\\/g, "\\\\");
      re += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else re += c.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

export function isGlob(path: string): boolean {
  return /[*?[]/.test(path);
}
