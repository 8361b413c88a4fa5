// Shared by the benchmarks: statistics over repetitions, interleaving, and the row every bench prints.
//
// A row is one figure as a ratio to a reference measured in the same run:
//   { bench, what, reference, value, refValue, unit, ratio, range: [low, high], reps }
// where `ratio` is the median over reps of (value / refValue) within each rep, and `range` its spread.
// Benches print their rows as JSON lines prefixed with ROW_MARKER; run.mjs gathers them into one table.

export const ROW_MARKER = 'BENCH-ROW ';

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Runs `contenders` (name → async function returning one measurement) `reps` times, interleaved (a, b, c, a, b,
 * c…, the order rotated each rep), so that drift on a shared machine hits each alike. Returns name → measurements.
 */
export async function interleaved(contenders, reps) {
  const names = Object.keys(contenders);
  const results = Object.fromEntries(names.map((name) => [name, []]));
  for (let rep = 0; rep < reps; rep++) {
    const order = names.map((_, i) => names[(i + rep) % names.length]);
    for (const name of order) results[name].push(await contenders[name]());
  }
  return results;
}

/** The row for `value` (measurements) against `reference` (measurements of the same reps). */
export function ratioRow({ bench, what, reference, unit, values, refValues }) {
  const ratios = values.map((v, i) => v / refValues[i]);
  return {
    bench,
    what,
    reference,
    unit,
    value: median(values),
    refValue: median(refValues),
    ratio: median(ratios),
    range: [Math.min(...ratios), Math.max(...ratios)],
    reps: values.length,
  };
}

/** Prints rows for run.mjs (and readable lines for a person running one bench alone). */
export function printRows(rows) {
  for (const row of rows) {
    console.log(ROW_MARKER + JSON.stringify(row));
  }
}
