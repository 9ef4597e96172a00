// The shape of the fleet export's offline spool, shared by the export (which
// fills and drains it) and the history file (which keeps it across restarts).
// Only bytes and counts: what the bytes are is the export's business.

export interface SpooledSnapshot {
  id: number;
  /** When the snapshot was taken, epoch ms. */
  at: number;
  samples: number;
  /** One remote-write WriteRequest, snappy-compressed. */
  payload: Uint8Array;
}

export interface SpoolTotals {
  rows: number;
  samples: number;
  bytes: number;
}
