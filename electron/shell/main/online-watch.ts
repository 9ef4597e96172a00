// Electron's main process has no online/offline event; Chromium's network
// state is cheap to read, so it is polled and changes are reported.
export interface OnlineWatch {
  stop(): void;
}

export function watchOnline(
  isOnline: () => boolean,
  onChange: (online: boolean) => void,
  intervalMs = 2_000,
): OnlineWatch {
  let last = isOnline();
  const timer = setInterval(() => {
    const now = isOnline();
    if (now !== last) {
      last = now;
      onChange(now);
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
