// How often a page whose renderer crashed is loaded again: a crash now and
// then is reloaded, a page that crashes as it loads is not reloaded forever.

/** Reloads allowed within RELOAD_SPAN_MS; one more crash in that span gives up. */
export const MAX_RELOADS = 3;
export const RELOAD_SPAN_MS = 60_000;

export class CrashReloads {
  private readonly reloads: number[] = [];

  constructor(
    private readonly limit = MAX_RELOADS,
    private readonly spanMs = RELOAD_SPAN_MS,
  ) {}

  /** After a crash at `now` (ms): reload (and count it), or give up. */
  mayReload(now: number): boolean {
    while (this.reloads.length > 0 && now - (this.reloads[0] ?? now) >= this.spanMs) this.reloads.shift();
    if (this.reloads.length >= this.limit) return false;
    this.reloads.push(now);
    return true;
  }
}
