// How a farm's work is ordered so that each worker's tree stays near the revisions it builds:
// the coordinator spreads a series over the connected workers in contiguous blocks, and a
// worker that finished one revision takes the nearest waiting one of the same series next.

/**
 * The rank (0 is taken first) of position `i` of a series of `n` when `workers` take from it:
 * the series is cut into one contiguous block per worker and the blocks are interleaved, so
 * that the first `workers` jobs taken start one block each, and a worker that keeps to its
 * neighbours (pickNearestJob) walks its block in order.
 */
export function spreadRank(i: number, n: number, workers: number): number {
  const w = Math.max(1, Math.min(workers, n));
  const size = Math.ceil(n / w);
  return (i % size) * w + Math.floor(i / size);
}

export interface SeriesPlace {
  /** the series (same on every host): a hash of its source, recipe and tree */
  key: string;
  /** the revision's place in it */
  position: number;
}

/**
 * Of the waiting jobs, the one nearest to the revision just built in the same series (the
 * later one on a tie, as a series is walked forwards), or null when none is of that series.
 */
export function pickNearestJob(done: SeriesPlace, waiting: { id: string; place: SeriesPlace | undefined }[]): string | null {
  let best: { id: string; distance: number; position: number } | null = null;
  for (const w of waiting) {
    if (!w.place || w.place.key !== done.key) continue;
    const distance = Math.abs(w.place.position - done.position);
    if (!best || distance < best.distance || (distance === best.distance && w.place.position > best.position))
      best = { id: w.id, distance, position: w.place.position };
  }
  return best?.id ?? null;
}
