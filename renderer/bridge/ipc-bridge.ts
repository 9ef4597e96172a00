// The Electron side: the preload exposes the Bridge as window.outageWatch.
import type { Bridge } from '../../electron/contracts/bridge';

declare global {
  interface Window {
    outageWatch?: Bridge;
  }
}

export function ipcBridge(): Bridge | null {
  return typeof window !== 'undefined' && window.outageWatch ? window.outageWatch : null;
}
