// Every message from the renderer is checked here before main acts on it:
// the sender must be our own page, the call one of the Bridge's, and the
// arguments of the exact shape that call takes. Anything else is refused.
import { z } from 'zod';
import { BRIDGE_CALLS, type Bridge, type BridgeCall } from './bridge';

const historyQuerySchema = z.strictObject({
  since: z.iso.datetime({ offset: true }),
  appIds: z.array(z.string().min(1).max(40)).max(1000).optional(),
});

/** Argument tuples per call; `satisfies` keeps this in step with the Bridge. */
export const BRIDGE_ARGUMENTS = {
  getState: z.tuple([]),
  checkNow: z.tuple([]),
  pause: z.tuple([
    z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
  ]),
  resume: z.tuple([]),
  getHistory: z.tuple([historyQuerySchema]),
  getConfig: z.tuple([]),
  // The config itself is validated by the engine, which names the problem.
  saveConfig: z.tuple([z.unknown()]),
  getCatalog: z.tuple([]),
  getReport: z.tuple([]),
  setStartAtLogin: z.tuple([z.boolean()]),
} as const satisfies { [Call in BridgeCall]: z.ZodType<Parameters<Bridge[Call]>> };

export type BridgeArguments<Call extends BridgeCall> = z.output<(typeof BRIDGE_ARGUMENTS)[Call]>;

export type BridgeRequest = { [Call in BridgeCall]: { call: Call; args: BridgeArguments<Call> } }[BridgeCall];

export type BridgeRequestCheck = { ok: true; request: BridgeRequest } | { ok: false; problem: string };

export const bridgeRequestSchema = z.strictObject({
  call: z.enum(BRIDGE_CALLS),
  args: z.array(z.unknown()).max(4),
});

export function parseBridgeRequest(message: unknown): BridgeRequestCheck {
  const envelope = bridgeRequestSchema.safeParse(message);
  if (!envelope.success) return { ok: false, problem: 'not a bridge call' };
  const { call, args } = envelope.data;
  const parsed = BRIDGE_ARGUMENTS[call].safeParse(args);
  if (!parsed.success) return { ok: false, problem: `bad arguments for ${call}` };
  return { ok: true, request: { call, args: parsed.data } as BridgeRequest };
}

/**
 * True when a frame URL is our renderer page: the same file:// path, any
 * hash or query (the window routes with the hash). Sub-frames never qualify.
 */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean, rendererUrl: string): boolean {
  if (!frameUrl || !isMainFrame) return false;
  let frame: URL;
  let expected: URL;
  try {
    frame = new URL(frameUrl);
    expected = new URL(rendererUrl);
  } catch {
    return false;
  }
  return (
    frame.protocol === 'file:' &&
    expected.protocol === 'file:' &&
    frame.host === expected.host &&
    frame.pathname === expected.pathname
  );
}
