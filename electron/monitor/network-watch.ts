// Notices OS network changes (interfaces, addresses, default routes) by
// comparing a cheap fingerprint (probe/network-fingerprint.ts) every second:
// no subprocess, no packet, two small file reads. The Electron shell adds powerMonitor resume and
// online/offline events through Monitor.networkChanged.
import { currentFingerprint } from '../probe/network-fingerprint';
import type { Clock, TimerHandle } from './clock';

export { networkFingerprint, readNetworkFingerprint } from '../probe/network-fingerprint';

export const DEFAULT_NETWORK_POLL_MS = 1_000;

export interface NetworkWatchOptions {
  intervalMs: number;
  clock: Clock;
  onChange: () => void;
  read?: () => string;
}

export class NetworkWatch {
  private timer: TimerHandle | null = null;
  private last: string;
  private readonly read: () => string;

  constructor(private readonly options: NetworkWatchOptions) {
    this.read = options.read ?? (() => currentFingerprint());
    this.last = this.read();
    this.schedule();
  }

  private schedule(): void {
    this.timer = this.options.clock.setTimeout(() => {
      const current = this.read();
      if (current !== this.last) {
        this.last = current;
        this.options.onChange();
      }
      if (this.timer !== null) this.schedule();
    }, this.options.intervalMs);
  }

  stop(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
