// The Bridge over HTTP, for the window served by `outage-watch serve`. The
// server set the token cookie on first load, so same-origin requests carry it.
import { bridgeOver, type AppState, type Bridge, type Unsubscribe } from '../../electron/contracts/bridge';
import {
  callPath,
  DEMO_PATH,
  EVENTS_PATH,
  type DemoScenario,
  type DemoState,
} from '../../electron/contracts/serve-protocol';

export class BridgeRequestError extends Error {
  override name = 'BridgeRequestError';
  constructor(
    readonly kind: 'network' | 'http' | 'server',
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', ...init });
  } catch (error) {
    throw new BridgeRequestError('network', (error as Error).message);
  }
  const body = (await response.json().catch(() => null)) as { result?: T; error?: string } | null;
  if (!response.ok || body === null) throw new BridgeRequestError('http', body?.error ?? `HTTP ${response.status}`);
  if (typeof body.error === 'string') throw new BridgeRequestError('server', body.error);
  return body.result as T;
}

/** Whether live updates are flowing; the browser reconnects by itself after a loss. */
export interface ConnectionWatch {
  subscribe(listener: (connected: boolean) => void): Unsubscribe;
}

class ConnectionState implements ConnectionWatch {
  private connected = true;
  private readonly listeners = new Set<(connected: boolean) => void>();

  set(connected: boolean): void {
    if (connected === this.connected) return;
    this.connected = connected;
    for (const listener of this.listeners) listener(connected);
  }

  subscribe(listener: (connected: boolean) => void): Unsubscribe {
    this.listeners.add(listener);
    listener(this.connected);
    return () => this.listeners.delete(listener);
  }
}

/** One EventSource for every listener of one event name. */
class EventChannel<T> {
  private source: EventSource | null = null;
  private readonly listeners = new Set<(value: T) => void>();
  constructor(
    private readonly url: string,
    private readonly eventName: string,
    private readonly connection?: ConnectionState,
  ) {}

  subscribe(listener: (value: T) => void): Unsubscribe {
    this.listeners.add(listener);
    if (!this.source) {
      this.source = new EventSource(this.url);
      this.source.addEventListener(this.eventName, (event) => {
        this.connection?.set(true);
        const value = JSON.parse((event as MessageEvent<string>).data) as T;
        for (const each of this.listeners) each(value);
      });
      this.source.addEventListener('open', () => this.connection?.set(true));
      this.source.addEventListener('error', () => this.connection?.set(false));
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.source?.close();
        this.source = null;
      }
    };
  }
}

export function createHttpBridge(): { bridge: Bridge; connection: ConnectionWatch } {
  const connection = new ConnectionState();
  const states = new EventChannel<AppState>(`${EVENTS_PATH}?topics=state`, 'state', connection);
  const bridge = bridgeOver({
    call: (name, args) =>
      request(callPath(name), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ args }),
      }),
    onState: (listener) => states.subscribe(listener),
  });
  return { bridge, connection };
}

/** The demo's scenario switcher; null when the server is not in demo mode. */
export interface DemoControl {
  getState(): Promise<DemoState>;
  onState(listener: (state: DemoState) => void): Unsubscribe;
  switchTo(scenario: DemoScenario): Promise<DemoState>;
}

export async function connectDemoControl(): Promise<DemoControl | null> {
  const initial = await request<DemoState | null>(DEMO_PATH, { method: 'GET' }).catch(() => null);
  if (!initial) return null;
  const states = new EventChannel<DemoState>(`${EVENTS_PATH}?topics=demo`, 'demo');
  return {
    getState: () => request<DemoState>(DEMO_PATH, { method: 'GET' }),
    onState: (listener) => states.subscribe(listener),
    switchTo: (scenario) =>
      request<DemoState>(DEMO_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scenario }),
      }),
  };
}
