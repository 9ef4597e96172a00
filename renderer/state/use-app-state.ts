// The engine's state, kept current by the bridge's push events.
import { useEffect, useState } from 'react';
import type { AppState, Bridge } from '../../electron/contracts/bridge';

export interface LiveState {
  state: AppState | null;
  /** The first load failed (the engine is not reachable). */
  failed: boolean;
}

export function useAppState(bridge: Bridge): LiveState {
  const [live, setLive] = useState<LiveState>({ state: null, failed: false });
  useEffect(() => {
    let active = true;
    const unsubscribe = bridge.onState((state) => {
      if (active) setLive({ state, failed: false });
    });
    bridge.getState().then(
      (state) => {
        // A pushed state may have arrived first; it is the newer one.
        if (active) setLive((current) => (current.state ? current : { state, failed: false }));
      },
      () => {
        if (active) setLive((current) => (current.state ? current : { state: null, failed: true }));
      },
    );
    return () => {
      active = false;
      unsubscribe();
    };
  }, [bridge]);
  return live;
}
