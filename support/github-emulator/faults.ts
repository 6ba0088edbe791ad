/**
 * Injectable faults. Each fault counts the requests that match it (method and path regex); the
 * first `afterRequests` pass untouched, then it applies `times` times (default: forever).
 * Faults are checked in the order added: 'latency' delays and lets the next fault have its say; the
 * others answer the request. 'crash' takes the server down: that request and every later one
 * (any route) have their connection destroyed without a response — a reset — while the state is
 * kept; `clear()` brings the server back, so a re-run continues against the same state.
 */
import type { FaultHandle, FaultKind, FaultSpec, Faults } from './types.js';

class Fault implements FaultHandle {
  seen = 0;
  fired = 0;
  constructor(
    readonly spec: Readonly<FaultSpec>,
    private readonly owner: FaultRegistry,
  ) {}

  /** Counts a matching request; true when the fault applies to it. */
  take(method: string, pathname: string): boolean {
    const { spec } = this;
    if (spec.method && spec.method.toUpperCase() !== method.toUpperCase()) return false;
    if (spec.path) {
      spec.path.lastIndex = 0;
      if (!spec.path.test(pathname)) return false;
    }
    this.seen += 1;
    if (this.seen <= (spec.afterRequests ?? 0)) return false;
    if (this.fired >= (spec.times ?? Infinity)) return false;
    this.fired += 1;
    return true;
  }

  remove(): void {
    this.owner.remove(this);
  }
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'crash' }
  | { kind: Exclude<FaultKind, 'latency' | 'crash'>; spec: Readonly<FaultSpec> };

export class FaultRegistry implements Faults {
  private faults: Fault[] = [];
  private down = false;

  add(spec: FaultSpec): FaultHandle {
    const fault = new Fault({ ...spec }, this);
    this.faults.push(fault);
    return fault;
  }

  remove(fault: FaultHandle): void {
    this.faults = this.faults.filter((f) => f !== fault);
  }

  clear(): void {
    this.faults = [];
    this.down = false;
  }

  get crashed(): boolean {
    return this.down;
  }

  get list(): readonly FaultHandle[] {
    return [...this.faults];
  }

  /**
   * Decides what happens to a request: waits out matching latency faults, then returns the first
   * answering fault, if any.
   */
  async decide(method: string, pathname: string): Promise<FaultDecision> {
    if (this.down) return { kind: 'crash' };
    for (const fault of [...this.faults]) {
      if (!fault.take(method, pathname)) continue;
      const { kind } = fault.spec;
      if (kind === 'latency') {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, fault.spec.latencyMs ?? 0)));
        if (this.down) return { kind: 'crash' };
        continue;
      }
      if (kind === 'crash') {
        this.down = true;
        return { kind: 'crash' };
      }
      return { kind, spec: fault.spec };
    }
    return { kind: 'none' };
  }
}
