// How the fleet export is doing (docs/contracts.md section 7), as the state
// carries it to the window: whether /metrics is served, whether remote write
// delivers, and what waits in the offline spool. Problems are kinds with a
// technical detail; the window and the CLI put them in words.

export const EXPORT_PROBLEM_KINDS = [
  /** /metrics: another program holds the port. */
  'port-in-use',
  /** /metrics: the address is not one of this computer's. */
  'address-unavailable',
  /** /metrics: any other refusal to listen (e.g. a privileged port). */
  'listen-failed',
  /** Remote write: the bearer token file is missing, unreadable or empty. */
  'token-unreadable',
  /** Remote write: no connection (refused, reset, no route, name not found). */
  'unreachable',
  /** Remote write: no complete answer in time. */
  'timeout',
  /** Remote write: an answer that asks to try again later (429, 5xx) or that a person must fix (401, 403, 404, 3xx). */
  'http-status',
  /** Remote write: the receiver refused the samples themselves (400, 409, 413, 422...): they are dropped, counted. */
  'rejected',
  /** Remote write: the offline spool could not be written; snapshots are kept in memory for this run. */
  'spool-failed',
] as const;
export type ExportProblemKind = (typeof EXPORT_PROBLEM_KINDS)[number];

export interface ExportProblem {
  kind: ExportProblemKind;
  /** Technical, not translated: the system's or the receiver's words, shortened. */
  detail: string;
  /** The HTTP status, when there was one. */
  status: number | null;
  /** When it last happened, ISO. */
  at: string;
}

export type MetricsEndpointStatus =
  { state: 'off' } | { state: 'serving'; url: string } | { state: 'failed'; listen: string; problem: ExportProblem };

export interface SpoolCount {
  snapshots: number;
  samples: number;
}

export type RemoteWriteStatus =
  | { state: 'off' }
  | {
      state: 'on';
      url: string;
      /** The last delivery that the receiver accepted, ISO. */
      lastSentAt: string | null;
      /** What is going wrong now; null once a delivery succeeds again. */
      problem: ExportProblem | null;
      /** When the next attempt is due while backing off, ISO. */
      retryAt: string | null;
      /** Waiting to be sent (the offline spool). */
      spooled: SpoolCount;
      /** Dropped because the spool was full (the oldest go first), since start. */
      dropped: SpoolCount;
      /** Samples the receiver refused, since start. */
      rejectedSamples: number;
    };

export interface ExportStatus {
  metrics: MetricsEndpointStatus;
  remoteWrite: RemoteWriteStatus;
}

export const EXPORT_OFF: ExportStatus = { metrics: { state: 'off' }, remoteWrite: { state: 'off' } };
