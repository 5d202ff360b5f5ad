/** Injected time source so pure code and tests are deterministic. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
export function fixedClock(iso: string): Clock & { advance(ms: number): void; set(iso: string): void } {
  let t = Date.parse(iso);
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
    set(v: string) {
      t = Date.parse(v);
    },
  };
}
