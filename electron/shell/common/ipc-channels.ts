// The IPC channel names, shared by the preload and main. No imports: the
// preload bundle stays tiny.
export const IPC_CALL_CHANNEL = 'outage-watch:call';
export const IPC_STATE_CHANNEL = 'outage-watch:state';
/** The name the bridge has on `window` in the renderer. */
export const BRIDGE_GLOBAL = 'outageWatch';
