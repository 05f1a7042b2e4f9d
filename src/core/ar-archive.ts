// The member names of an ar archive, thin (kbuild's built-in.a and vmlinux.a) or not.

export class ArchiveError extends Error {}

const HEADER = 60;

export function parseArchiveMembers(bytes: Uint8Array): string[] {
  const text = (a: number, b: number) => String.fromCharCode(...bytes.subarray(a, b));
  const magic = text(0, 8);
  const thin = magic === "!<thin>\n";
  if (!thin && magic !== "!<arch>\n") throw new ArchiveError("not an ar archive (no !<arch> or !<thin> magic)");
  const members: string[] = [];
  let longNames = "";
  let at = 8;
  while (at + HEADER <= bytes.length) {
    const name = text(at, at + 16).trimEnd();
    const size = Number.parseInt(text(at + 48, at + 58).trim(), 10);
    if (text(at + 58, at + 60) !== "`\n" || !Number.isFinite(size)) throw new ArchiveError(`corrupt ar header at offset ${at}`);
    const data = at + HEADER;
    // the symbol table and the long-name table are stored in a thin archive too; members are not
    const stored = !thin || name === "/" || name === "//" || name === "/SYM64/";
    if (name === "//") longNames = text(data, data + size);
    else if (name !== "/" && name !== "/SYM64/") {
      // "/N" points into the long-name table ("/N   .../" when the member came from a nested archive)
      const long = /^\/([0-9]+)\s*\/?$/.exec(name);
      if (long) {
        const start = Number(long[1]);
        const end = longNames.indexOf("/\n", start);
        members.push(longNames.slice(start, end < 0 ? undefined : end));
      } else members.push(name.endsWith("/") ? name.slice(0, -1) : name);
    }
    at = data + (stored ? size + (size % 2) : 0);
  }
  return members;
}
