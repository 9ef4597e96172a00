// The window's page as far as main can tell: the real built preload runs
// against the stand-in's contextBridge and ipcRenderer, so the page's
// Bridge calls reach main's IPC handler with the sender a real page would
// have. Frames other than our page (another origin, a subframe) call the
// same handler with their own sender, as a compromised page would.
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import type { StandInElectron } from './stand-in-electron';
import type { StandInWindow } from './stand-in-objects';

export interface SenderFrame {
  url: string;
  /** false: a subframe of our page. */
  isMain: boolean;
}

export interface Page {
  /** What the preload exposed on window. */
  globals: Record<string, unknown>;
  /** An IPC invoke as Electron delivers it: structured-cloned both ways, errors as Electron words them. */
  invoke(frame: SenderFrame, channel: string, ...args: unknown[]): Promise<unknown>;
}

export function openPage(standIn: StandInElectron, window: StandInWindow, preloadPath: string): Page {
  const globals: Record<string, unknown> = {};
  const contents = window.webContents;

  const invoke = async (frame: SenderFrame, channel: string, ...args: unknown[]): Promise<unknown> => {
    const handler = standIn.ipcHandlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered for '${channel}'`);
    const senderFrame = { url: frame.url };
    const sender = { id: 1, mainFrame: frame.isMain ? senderFrame : { url: contents.mainFrame.url } };
    try {
      return structuredClone(await handler({ sender, senderFrame }, ...structuredClone(args)));
    } catch (error) {
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`, { cause: error });
    }
  };

  const electron = {
    contextBridge: {
      exposeInMainWorld: (name: string, api: unknown) => {
        standIn.record('contextBridge.exposeInMainWorld', [name]);
        globals[name] = api;
      },
    },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) =>
        invoke({ url: contents.mainFrame.url, isMain: true }, channel, ...args),
      on: (channel: string, listener: (event: object, payload: unknown) => void) => {
        const listeners = contents.pageListeners.get(channel) ?? [];
        contents.pageListeners.set(channel, [...listeners, listener]);
      },
      removeListener: (channel: string, listener: unknown) => {
        const listeners = contents.pageListeners.get(channel) ?? [];
        contents.pageListeners.set(
          channel,
          listeners.filter((known) => known !== listener),
        );
      },
    },
  };
  const requireInPreload = (name: string): unknown => {
    if (name === 'electron') return electron;
    standIn.violate(`the sandboxed preload requires '${name}': only 'electron' is available there`);
    return {};
  };
  const source = readFileSync(preloadPath, 'utf8');
  const module = { exports: {} };
  const wrapper = runInNewContext(
    `(function (require, module, exports) {${source}\n})`,
    { console },
    {
      filename: preloadPath,
    },
  ) as (require: unknown, module: unknown, exports: unknown) => void;
  wrapper(requireInPreload, module, module.exports);
  return { globals, invoke };
}
