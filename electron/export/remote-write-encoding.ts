// Prometheus remote-write 1.0 on the wire: a protobuf WriteRequest
// (prompb/remote.proto, types.proto: only the fields 1.0 sends), block-format
// snappy around it. Repeated fields concatenate in protobuf, so the payloads
// of several snapshots joined end to end are one WriteRequest: the spool keeps
// each snapshot's bytes and a push sends a run of them without re-encoding.
import protobuf from 'protobufjs/light.js';
import { compress, uncompress } from 'snappyjs';

/** One series at one instant: its labels (with `__name__`) and value, at a time in epoch ms. */
export interface TimeSeriesSample {
  labels: Record<string, string>;
  value: number;
  timestampMs: number;
}

/**
 * Prometheus's staleness marker: the NaN with this exact bit pattern says
 * "this series ended here". A scrape gets them from Prometheus; a push must
 * send them itself, or an ended series (last verdict's info) lingers 5 minutes.
 */
export const STALE_NAN = (() => {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, 0x7ff00000);
  view.setUint32(4, 0x00000002);
  return view.getFloat64(0);
})();

/** A series' identity: its labels in name order. */
export function seriesKey(labels: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((name) => [name, labels[name]]),
  );
}

const root = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
        TimeSeries: {
          fields: {
            labels: { rule: 'repeated', type: 'Label', id: 1 },
            samples: { rule: 'repeated', type: 'Sample', id: 2 },
          },
        },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
      },
    },
  },
});
const WriteRequest = root.lookupType('prometheus.WriteRequest');

/** The largest request we accept to decode (tests, and a corrupt spool row): far above any real snapshot. */
const MAX_DECODED_BYTES = 16 * 1024 * 1024;

/** A WriteRequest of these samples, one TimeSeries each, labels sorted by name as the spec requires. */
export function encodeWriteRequest(samples: readonly TimeSeriesSample[]): Uint8Array {
  const timeseries = samples.map((sample) => ({
    labels: Object.keys(sample.labels)
      .sort()
      .map((name) => ({ name, value: sample.labels[name] })),
    samples: [{ value: sample.value, timestamp: sample.timestampMs }],
  }));
  return WriteRequest.encode(WriteRequest.fromObject({ timeseries })).finish();
}

/** What goes in the HTTP body: the WriteRequests joined, snappy block format. */
export function compressPayload(requests: readonly Uint8Array[]): Uint8Array {
  const total = requests.reduce((sum, request) => sum + request.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const request of requests) {
    joined.set(request, offset);
    offset += request.byteLength;
  }
  return compress(joined);
}

/** The samples of a compressed body, in order (tests, and the spool's own checks). */
export function decodeWriteRequest(body: Uint8Array): TimeSeriesSample[] {
  const decoded = WriteRequest.toObject(WriteRequest.decode(uncompress(body, MAX_DECODED_BYTES)), {
    longs: Number,
    defaults: true,
  }) as {
    timeseries: { labels: { name: string; value: string }[]; samples: { value: number; timestamp: number }[] }[];
  };
  return decoded.timeseries.flatMap((series) =>
    series.samples.map((sample) => ({
      labels: Object.fromEntries(series.labels.map((label) => [label.name, label.value])),
      value: sample.value,
      timestampMs: sample.timestamp,
    })),
  );
}
