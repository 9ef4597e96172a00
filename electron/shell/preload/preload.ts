// The window's only door to the engine: exactly the Bridge, as
// window.outageWatch, made from the contract's call table. Sandboxed preloads
// may only require 'electron'; this file is bundled to CommonJS
// (dist-electron/preload.cjs) with nothing but the table beside it.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { bridgeOver, type AppState } from '../../contracts/bridge';
import { BRIDGE_GLOBAL, IPC_CALL_CHANNEL, IPC_STATE_CHANNEL } from '../common/ipc-channels';

const bridge = bridgeOver({
  call: (name, args) => ipcRenderer.invoke(IPC_CALL_CHANNEL, { call: name, args }),
  onState: (listener) => {
    const forward = (_event: IpcRendererEvent, state: AppState) => listener(state);
    ipcRenderer.on(IPC_STATE_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_STATE_CHANNEL, forward);
    };
  },
});

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
