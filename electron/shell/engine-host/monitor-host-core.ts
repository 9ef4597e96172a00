// The engine process's side of the protocol: checks each message from main,
// runs the call, answers; forwards the monitor's state and notifications.
// No Electron import, so it runs under plain Node in tests too.
import type { AppState } from '../../contracts/bridge';
import { parseBridgeRequest } from '../../contracts/bridge-validation';
import type { MonitorNotification } from '../common/notification-model';
import {
  MAX_PROXY_URLS,
  parseToHost,
  type FromHost,
  type HostCall,
  type NetworkChangeReason,
} from '../common/monitor-protocol';

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

/** How long a round waits for main's proxy answers before it goes direct. */
export const PROXY_ANSWER_TIMEOUT_MS = 3_000;

/**
 * Asks main which proxy each of a round's URLs goes through (main runs
 * Electron's resolveProxy); `receive` takes main's answers. No answer in
 * time, or main gone: the round goes direct (the probe's own fallback).
 */
export function mainProxyResolver(channel: HostChannel): {
  ask(urls: readonly string[]): Promise<ReadonlyMap<string, string>>;
  receive(id: number, answers: [string, string][]): void;
} {
  let nextId = 1;
  const waiting = new Map<number, (answers: ReadonlyMap<string, string>) => void>();
  return {
    ask(urls) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error('main did not say which proxies to use in time'));
        }, PROXY_ANSWER_TIMEOUT_MS);
        waiting.set(id, (answers) => {
          clearTimeout(timer);
          resolve(answers);
        });
        channel.post({ type: 'resolve-proxies', id, urls: urls.slice(0, MAX_PROXY_URLS) });
      });
    },
    receive(id, answers) {
      const done = waiting.get(id);
      waiting.delete(id);
      done?.(new Map(answers));
    },
  };
}

export function serveHost(
  channel: HostChannel,
  engine: HostEngine,
  exit: (code: number) => void,
  proxies: ReturnType<typeof mainProxyResolver> | null = null,
): void {
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
      case 'proxies':
        proxies?.receive(message.id, message.answers);
        return;
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
