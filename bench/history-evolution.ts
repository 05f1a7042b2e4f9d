// A made-up history that starts from a real Measurement: each step is the previous kernel with
// a few symbols grown, shrunk, added or dropped, with the change booked to the object that
// holds the symbol. Pure and deterministic (a seeded PRNG); no I/O, no clock.
// Invariants kept at every step: content = the objects' text + data + bss; size's totals move
// by the same bytes per column and total = text + data + bss; the sections of each class add
// up to the same change; a symbol's object is an object of the measurement.

import type { ObjectSize, SectionClass, SectionSize, SizeTotals, SymbolSize } from "../src/core/measurement.js";

/** mulberry32: small, fast and good enough to shuffle sizes. */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedShape {
  totals: SizeTotals;
  image: number | null;
  sections: SectionSize[];
  symbols: SymbolSize[];
  objects: ObjectSize[];
}

export interface StepResult {
  totals: SizeTotals;
  content: number;
  image: number | null;
  sections: SectionSize[];
  symbols: SymbolSize[];
  objects: ObjectSize[];
  /** the biggest single change of the step, for culprits */
  jump: { symbol: string; object: string; delta: number } | null;
}

export interface Evolution {
  /** Moves the kernel on by one revision and returns its measurement (fresh arrays). */
  step(): StepResult;
}

/** nm type → the Berkeley column its bytes count in (read-only data counts as text). */
export function classOfType(type: string): SectionClass {
  const t = type.toLowerCase();
  if (t === "d" || t === "g" || t === "v") return "data";
  if (t === "b" || t === "s") return "bss";
  return "text";
}

interface Change {
  s: SymbolSize;
  d: number;
}

/** how often a step holds one big change, and its mean size */
const JUMP_CHANCE = 0.008;
const JUMP_MEAN = 12_288;

export interface Tuning {
  /** mean content bytes added per step */
  drift: number;
  /** names a new symbol can take (real names from a newer kernel first) */
  newNames: SymbolSize[];
  /** image bytes per content byte */
  imageRatio: number;
}

export function createEvolution(seed: SeedShape, tuning: Tuning, random: () => number): Evolution {
  const objects = seed.objects.map((o) => ({ ...o }));
  const objectIndex = new Map(objects.map((o, i) => [o.path, i]));
  const symbols = seed.symbols.map((s) => ({ ...s }));
  const moved = { text: 0, data: 0, bss: 0 };
  const seedContent = seed.objects.reduce((sum, o) => sum + o.text + o.data + o.bss, 0);
  const newNames = [...tuning.newNames];
  // where content should be by now: the drift, plus the occasional big change
  let target = seedContent;
  const homeOf = new Map<string, number>();
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  let fresh = 0;

  /** the object that holds a symbol's bytes; -1 for symbols no object holds */
  const home = (s: SymbolSize): number => {
    if (s.object === null) return -1;
    if (s.object !== undefined) return objectIndex.get(s.object) ?? -1;
    let i = homeOf.get(s.name);
    if (i === undefined) homeOf.set(s.name, (i = Math.floor(random() * objects.length)));
    return i;
  };

  /** Changes a symbol by `delta` bytes and books them; shrinks stop at `floor` bytes and at what the object holds. */
  const resize = (s: SymbolSize, delta: number, floor = 1): number => {
    const o = home(s);
    if (o < 0) return 0;
    const cls = classOfType(s.type);
    const d = Math.max(delta, Math.min(0, floor - s.size), -objects[o][cls]);
    s.size += d;
    objects[o][cls] += d;
    moved[cls] += d;
    return d;
  };

  /** a symbol some object holds, or null after a few misses */
  const held = (): SymbolSize | null => {
    for (let tries = 0; tries < 8; tries++) {
      const s = pick(symbols);
      if (s.size > 0 && home(s) >= 0) return s;
    }
    return null;
  };

  const grow = (bytes: number): Change | null => {
    const s = held();
    return s && { s, d: resize(s, bytes) };
  };

  const add = (bytes: number): Change | null => {
    const anchor = held();
    if (!anchor) return null;
    const proto = newNames.length ? newNames.splice(Math.floor(random() * newNames.length), 1)[0] : null;
    const s: SymbolSize = { name: proto?.name ?? `bench_added_${++fresh}`, type: proto?.type ?? "t", size: 0 };
    const own = proto?.object ? objectIndex.get(proto.object) : undefined;
    if (anchor.object !== undefined) s.object = objects[own ?? home(anchor)].path;
    else homeOf.set(s.name, own ?? home(anchor));
    symbols.push(s);
    return { s, d: resize(s, proto ? proto.size : bytes) };
  };

  const drop = (): void => {
    const i = Math.floor(random() * symbols.length);
    const s = symbols[i];
    const o = home(s);
    if (o < 0 || s.size > 4096 || objects[o][classOfType(s.type)] < s.size) return;
    resize(s, -s.size, 0);
    symbols.splice(i, 1);
  };

  return {
    step(): StepResult {
      let jump: StepResult["jump"] = null;
      const note = (r: Change | null) => {
        if (r && r.d > (jump?.delta ?? 0) && home(r.s) >= 0) jump = { symbol: r.s.name, object: objects[home(r.s)].path, delta: r.d };
      };
      for (let k = 0, n = Math.floor(random() * 4); k < n; k++) grow(-Math.ceil(random() * 256));
      if (random() < 0.25) drop();
      if (random() < 0.35) note(add(32 + Math.floor(random() * 1500)));
      // the big changes (a new table, a feature turned on) are part of the drift, not on top of it
      target += tuning.drift - JUMP_CHANCE * JUMP_MEAN;
      if (random() < JUMP_CHANCE) {
        const r = grow(Math.round(JUMP_MEAN * (0.33 + 1.33 * random())));
        note(r);
        target += r?.d ?? 0;
      }
      const behind = target - (seedContent + moved.text + moved.data + moved.bss);
      let budget = Math.round(tuning.drift * random() + behind * 0.5);
      for (let k = 0; k < 5 && budget !== 0; k++) {
        const r = grow(k === 4 ? budget : Math.round(budget * random()));
        if (budget > 0) note(r);
        budget -= r?.d ?? 0;
      }
      return snapshot(jump);
    },
  };

  function snapshot(jump: StepResult["jump"]): StepResult {
    const totals = { text: seed.totals.text + moved.text, data: seed.totals.data + moved.data, bss: seed.totals.bss + moved.bss, total: 0 };
    totals.total = totals.text + totals.data + totals.bss;
    const content = objects.reduce((sum, o) => sum + o.text + o.data + o.bss, 0);
    const image = seed.image === null ? null : seed.image + Math.round((content - seedContent) * tuning.imageRatio);
    return {
      totals,
      content,
      image,
      sections: shiftSections(seed.sections, moved),
      symbols: symbols.map((s) => ({ ...s })),
      objects: objects.map((o) => ({ ...o })),
      jump,
    };
  }
}

/** The sections with each class's change put on its largest section, so every class still adds up. */
function shiftSections(seed: SectionSize[], moved: Record<SectionClass, number>): SectionSize[] {
  const out = seed.map((s) => ({ ...s }));
  for (const cls of ["text", "data", "bss"] as SectionClass[]) {
    const largest = out.filter((s) => s.class === cls).sort((a, b) => b.size - a.size)[0];
    if (largest) largest.size += moved[cls];
  }
  return out;
}
