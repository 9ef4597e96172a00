// Main's side of the Bridge. Every message is checked: the sender must be our
// renderer page in the main frame, the call one of the Bridge's and its
// arguments of the right shape; anything else is refused and logged.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { AppState } from '../../contracts/bridge';
import { IPC_CALL_CHANNEL, IPC_STATE_CHANNEL } from '../common/ipc-channels';
import { isTrustedSender, parseBridgeRequest } from '../../contracts/bridge-validation';
import type { MonitorSupervisor } from './monitor-supervisor';

export interface IpcHandlers {
  rendererUrl: string;
  supervisor: MonitorSupervisor;
  /** The engine's state with main's own part (start at login) filled in. */
  withShellState: (state: AppState) => AppState;
  setStartAtLogin: (enabled: boolean) => Promise<boolean>;
}

export class RefusedMessageError extends Error {
  override name = 'RefusedMessageError';
  readonly kind = 'refused';
}

export function registerIpc(handlers: IpcHandlers): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event: IpcMainInvokeEvent, message: unknown) => {
    const frame = event.senderFrame;
    if (!isTrustedSender(frame?.url, frame !== null && frame === event.sender.mainFrame, handlers.rendererUrl)) {
      console.warn(`outage-watch: IPC refused from ${frame?.url ?? 'a destroyed frame'}`);
      throw new RefusedMessageError('refused: unknown sender');
    }
    const check = parseBridgeRequest(message);
    if (!check.ok) {
      console.warn(`outage-watch: IPC refused: ${check.problem}`);
      throw new RefusedMessageError(`refused: ${check.problem}`);
    }
    const { request } = check;
    switch (request.call) {
      case 'setStartAtLogin':
        return handlers.setStartAtLogin(request.args[0]);
      case 'getState':
        return handlers.withShellState((await handlers.supervisor.call('getState', [])) as AppState);
      default:
        return handlers.supervisor.call(request.call, request.args);
    }
  });
  return () => ipcMain.removeHandler(IPC_CALL_CHANNEL);
}

export function sendState(contents: WebContents | null, state: AppState): void {
  if (contents && !contents.isDestroyed()) contents.send(IPC_STATE_CHANNEL, state);
}
