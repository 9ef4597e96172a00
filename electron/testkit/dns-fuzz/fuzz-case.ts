// One fuzz case through the probe's own decode-and-validate path: the bytes as
// a UDP datagram and as a TCP message (dns-wire.ts acceptResponse), and when
// accepted, the answer as the DNS probe reads it (dns.ts readAnswer). A case
// fails when that path throws, or when what it accepted breaks a promise the
// rest of the engine relies on.
import net from 'node:net';
import { readAnswer } from '../../probe/dns';
import {
  acceptResponse,
  MAX_EDE,
  MAX_EDE_TEXT,
  splitTcpFrames,
  tcpFrame,
  type SentQuestion,
} from '../../probe/dns-wire';
import type { DnsRecordType } from '../../contracts/probe-results';

const OUTCOMES = new Set(['answer', 'nodata', 'nxdomain', 'servfail', 'refused', 'error']);
const UNSAFE_TEXT = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

export class FuzzInvariantError extends Error {
  override name = 'FuzzInvariantError';
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new FuzzInvariantError(message);
}

function checkAccepted(bytes: Buffer, sent: SentQuestion, transport: 'udp' | 'tcp'): boolean {
  const accepted = acceptResponse(bytes, sent, transport);
  if (!accepted) return false;
  expect(accepted.packet.id === sent.id, 'accepted another ID');
  expect(accepted.packet.questions?.length === 1, 'accepted a packet without exactly one question');
  expect(accepted.ede.length <= MAX_EDE, `kept ${accepted.ede.length} EDE`);
  for (const error of accepted.ede) {
    expect(Number.isInteger(error.code) && error.code >= 0 && error.code <= 0xffff, `EDE code ${error.code}`);
    expect([...error.text].length <= MAX_EDE_TEXT, 'EDE text too long');
    expect(!UNSAFE_TEXT.test(error.text), 'EDE text with control or bidi characters');
  }
  if (transport === 'udp') expect(bytes.length <= 1232, 'accepted more than advertised over UDP');
  if (sent.type === 'PTR') return true;
  const read = readAnswer(sent.name, sent.type as DnsRecordType, accepted);
  expect(OUTCOMES.has(read.outcome), `outcome ${read.outcome}`);
  expect(
    read.addresses.every((a) => net.isIP(a) !== 0),
    'an address that is not an IP literal',
  );
  expect(read.cnameChain.length <= 16, 'a CNAME chain past 16 hops');
  expect(
    read.cnameChain.every((n) => n === n.toLowerCase() && !n.endsWith('.')),
    'a CNAME not normalized',
  );
  expect(JSON.stringify(read).length < 1_000_000, 'a result too large to report');
  return true;
}

/** Throws when the path crashes or an invariant breaks; else whether the bytes were accepted (over either transport). */
export function runFuzzCase(bytes: Buffer, sent: SentQuestion): boolean {
  const overUdp = checkAccepted(bytes, sent, 'udp');
  const overTcp = checkAccepted(bytes, sent, 'tcp');
  // The same bytes arriving over TCP framed and split at an arbitrary point.
  const frame = tcpFrame(bytes.subarray(0, 0xffff));
  const cut = bytes.length % (frame.length + 1);
  const first = splitTcpFrames(frame.subarray(0, cut));
  const second = splitTcpFrames(Buffer.concat([first.rest, frame.subarray(cut)]));
  const messages = [...first.messages, ...second.messages];
  expect(messages.length === 1 && second.rest.length === 0, 'a TCP frame not split back into its message');
  return overUdp || overTcp;
}
