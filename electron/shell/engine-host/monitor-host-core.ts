// The engine process's side of the protocol: checks each message from main,
// runs the call, answers; forwards the monitor's state and notifications.
// No Electron import, so it runs under plain Node in tests too.
import type { AppState } from '../../contracts/bridge';
import { parseBridgeRequest } from '../../contracts/bridge-validation';
import type { MonitorNotification } from '../common/notification-model';
import { parseToHost, type FromHost, type HostCall, type NetworkChangeReason } from '../common/monitor-protocol';

export interface HostChannel {
  post(message: FromHost): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** The engine as the host drives it: the Bridge's calls plus lifecycle. */
export interface HostEngine {
  call(call: HostCall, args: unknown[]): Promise<unknown>;
  networkChanged(reason: NetworkChangeReason): void;
  onState(listener: (state: AppState) => void): void;
  onNotification(listener: (notification: MonitorNotification) => void): void;
  /** Stops the monitor and closes the database. */
  stop(): Promise<void>;
}

export function serveHost(channel: HostChannel, engine: HostEngine, exit: (code: number) => void): void {
  engine.onState((state) => channel.post({ type: 'state', state }));
  engine.onNotification((notification) => channel.post({ type: 'notification', notification }));
  let stopping = false;
  channel.onMessage((raw) => {
    const message = parseToHost(raw);
    if (!message || stopping) return;
    switch (message.type) {
      case 'call': {
        const check = parseBridgeRequest({ call: message.call, args: message.args });
        if (!check.ok) {
          channel.post({ type: 'reply', id: message.id, ok: false, problem: check.problem });
          return;
        }
        engine.call(message.call, check.request.args).then(
          (value) => channel.post({ type: 'reply', id: message.id, ok: true, value: value ?? null }),
          (error: unknown) =>
            channel.post({
              type: 'reply',
              id: message.id,
              ok: false,
              problem: error instanceof Error ? error.message : String(error),
            }),
        );
        return;
      }
      case 'network-changed':
        engine.networkChanged(message.reason);
        return;
      case 'stop':
        stopping = true;
        // Exiting is the answer: main waits for the process to end.
        void engine.stop().finally(() => exit(0));
        return;
    }
  });
  channel.post({ type: 'ready' });
}
