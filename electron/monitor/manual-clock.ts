// A clock for tests: time moves only when the test says so, and due timers
// fire in order as it does.
import type { Clock, TimerHandle } from './clock';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

export class ManualClock implements Clock {
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** Moves time forward, firing each due timer at its own time (timers set meanwhile included). */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.current = due.at;
      due.callback();
    }
    this.current = end;
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  /** Milliseconds until the next timer, null when none is set. */
  nextTimerIn(): number | null {
    if (this.timers.length === 0) return null;
    return Math.min(...this.timers.map((timer) => timer.at)) - this.current;
  }
}

/** Lets pending promise callbacks run: a look that takes no virtual time settles. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Moves virtual time timer by timer, letting what each timer started settle before the clock moves on. */
export async function runClock(clock: ManualClock, ms: number): Promise<void> {
  await settle();
  let left = ms;
  for (;;) {
    const next = clock.nextTimerIn();
    if (next === null || next > left) break;
    clock.advance(next);
    left -= next;
    await settle();
  }
  clock.advance(left);
  await settle();
}
