/**
 * Bounded concurrency for API calls with two priorities: list pages go before describes so the pipeline of
 * describes never starves waiting for the next page (keeps the wall time near calls x latency / concurrency).
 */
export class Limiter {
  private active = 0;
  private readonly high: (() => void)[] = [];
  private readonly low: (() => void)[] = [];
  /** Calls started through this limiter (for "API calls per asset"). */
  calls = 0;
  readonly byOperation = new Map<string, number>();

  constructor(readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
  }

  async run<T>(operation: string, fn: () => Promise<T>, priority: 'high' | 'low' = 'low'): Promise<T> {
    if (this.active >= this.concurrency) {
      await new Promise<void>((resolve) => (priority === 'high' ? this.high : this.low).push(resolve));
    } else {
      this.active++;
    }
    this.calls++;
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
    try {
      return await fn();
    } finally {
      const next = this.high.shift() ?? this.low.shift();
      if (next) next();
      else this.active--;
    }
  }
}
