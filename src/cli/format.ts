/** Sizes and durations as a person reads them. */

/** `1536` → `1.5 KB`; `3_500_000` → `3.3 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** `8000` → `8 s`; `90500` → `90.5 s`: rounded as the timeline summary rounds them. */
export const formatSeconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
