// The window's only door to the engine: exactly the Bridge, as
// window.outageWatch. Sandboxed preloads may only require 'electron'; this
// file is bundled to CommonJS (dist-electron/preload.cjs).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AppState, Bridge, BridgeCall } from '../../contracts/bridge';
import { BRIDGE_GLOBAL, IPC_CALL_CHANNEL, IPC_STATE_CHANNEL } from '../common/ipc-channels';

function call<T>(name: BridgeCall, ...args: unknown[]): Promise<T> {
  return ipcRenderer.invoke(IPC_CALL_CHANNEL, { call: name, args }) as Promise<T>;
}

const bridge: Bridge = {
  getState: () => call('getState'),
  onState: (listener) => {
    const forward = (_event: IpcRendererEvent, state: AppState) => listener(state);
    ipcRenderer.on(IPC_STATE_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_STATE_CHANNEL, forward);
    };
  },
  checkNow: () => call('checkNow'),
  pause: (minutes) => call('pause', minutes),
  resume: () => call('resume'),
  getHistory: (query) => call('getHistory', query),
  getConfig: () => call('getConfig'),
  saveConfig: (config) => call('saveConfig', config),
  getCatalog: () => call('getCatalog'),
  getReport: () => call('getReport'),
  setStartAtLogin: (enabled) => call('setStartAtLogin', enabled),
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
