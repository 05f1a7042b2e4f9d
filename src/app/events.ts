// Progress is an event stream: the CLI draws it, tests assert on it.

export type BuildPhaseName = "configure" | "compile" | "link" | "measure" | "store";

export type AppEvent =
  | { kind: "phase"; phase: BuildPhaseName; build: string; elapsedMs: number }
  | { kind: "progress"; phase: BuildPhaseName; build: string; compiled: number; expected: number | null; current: string; elapsedMs: number }
  | { kind: "series"; done: number; total: number; current: string; elapsedMs: number; etaMs: number | null }
  | { kind: "note"; message: string };

export type EventSink = (e: AppEvent) => void;
