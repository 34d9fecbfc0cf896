// Hands findings to the team's callback, at most once per operation, place and kind per interval
// and at most `maxPerInterval` in all, so that a drifted list endpoint called a thousand times a
// minute gives one line, not a thousand. Fixed windows on the caller's clock: no timer is left
// running (a timer would keep a Node process alive).
import { placeOf } from './describe.ts';
import type { DriftFinding } from './types.ts';

export class FindingReporter {
  private windowStart: number | undefined;
  private readonly seen = new Set<string>();
  private reported = 0;

  private readonly onFinding: (finding: DriftFinding) => void;
  private readonly intervalMs: number;
  private readonly maxPerInterval: number;
  private readonly now: () => number;

  constructor(onFinding: (finding: DriftFinding) => void, intervalMs: number, maxPerInterval: number, now: () => number) {
    this.onFinding = onFinding;
    this.intervalMs = intervalMs;
    this.maxPerInterval = maxPerInterval;
    this.now = now;
  }

  report(finding: DriftFinding): void {
    const now = this.now();
    if (this.windowStart === undefined || now - this.windowStart >= this.intervalMs) {
      this.windowStart = now;
      this.seen.clear();
      this.reported = 0;
    }
    const key = `${finding.operationId}\u0000${placeOf(finding.pointer)}\u0000${finding.kind}`;
    if (this.seen.has(key) || this.reported >= this.maxPerInterval) return;
    this.seen.add(key);
    this.reported++;
    try {
      this.onFinding(finding);
    } catch {
      // The team's reporter failing must not reach the call that happened to be sampled.
    }
  }
}
