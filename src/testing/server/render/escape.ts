/**
 * Escaping for ffmpeg filtergraphs (see "Notes on filtergraph escaping" in the ffmpeg filters docs).
 * A value goes through two parsers: the filter's option parser (`key=value:key=value`), then the graph
 * parser (`filter,filter;[label]`). Text itself never goes through here: the renderer writes it to files
 * and passes `textfile=` with `expansion=none`, so quotes, colons, `%` and backslashes in captions are safe.
 */

/** Escapes a value for a filter's option list: `\`, `'` and `:`. */
export function escapeOptionValue(value: string): string {
  return value.replace(/[\\':]/g, (c) => `\\${c}`);
}

/** Escapes a filter description for the graph parser: `\`, `'`, `[`, `]`, `,` and `;`. */
export function escapeGraphLevel(text: string): string {
  return text.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** An option value (a file path, say) escaped for both levels, ready to put after `key=`. */
export function filterValue(value: string): string {
  return escapeGraphLevel(escapeOptionValue(value));
}

/** Seconds with millisecond precision, for expressions and durations. */
export function seconds(ms: number): string {
  return (Math.round(ms) / 1000).toFixed(3);
}

/** `#rrggbb` / `rrggbb` / `#rgb` → `0xRRGGBB`; undefined when not a colour of that form. */
export function ffmpegColor(color: string | undefined): string | undefined {
  if (!color) return undefined;
  const hex = color.trim().replace(/^#/, '');
  if (/^[0-9a-f]{6}$/i.test(hex)) return `0x${hex.toUpperCase()}`;
  if (/^[0-9a-f]{3}$/i.test(hex)) {
    return `0x${hex
      .split('')
      .map((c) => c + c)
      .join('')
      .toUpperCase()}`;
  }
  return undefined;
}
