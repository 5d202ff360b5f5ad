import { describe, expect, it } from 'vitest';
import { Limiter } from '../../../shared/discovery/limiter.ts';

describe('Limiter', () => {
  it('never exceeds the concurrency and lets high-priority calls overtake queued ones', async () => {
    const l = new Limiter(2);
    let active = 0;
    let peak = 0;
    const order: string[] = [];
    const task = (name: string) => async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      order.push(name);
      active--;
    };
    const all = [
      l.run('d', task('d1')),
      l.run('d', task('d2')),
      l.run('d', task('d3')),
      l.run('d', task('d4')),
      l.run('p', task('page'), 'high'),
    ];
    await Promise.all(all);
    expect(peak).toBe(2);
    expect(order.indexOf('page')).toBeLessThan(order.indexOf('d3'));
    expect(l.calls).toBe(5);
    expect(l.byOperation.get('d')).toBe(4);
  });
  it('releases the slot when a call fails', async () => {
    const l = new Limiter(1);
    await expect(l.run('x', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(l.run('y', async () => 1)).resolves.toBe(1);
  });
  it('rejects a bad concurrency', () => {
    expect(() => new Limiter(0)).toThrow();
  });
});
