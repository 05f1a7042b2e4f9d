// The output formats every verb takes (--format); `diff` also prints bloat-o-meter's.

export type Format = "text" | "json" | "csv" | "md";
export const FORMATS: Format[] = ["text", "json", "csv", "md"];
