// The DNS fuzzer's raw material and how it is bent: seeds (real responses
// captured from Unbound and NSD, plus a few built to carry OPT and EDE edge
// cases), and mutations that a broken or hostile resolver could send: flipped
// bits, cut or padded packets, wrong counts and record lengths, compression
// pointers anywhere (loops included), and OPT records with odd, huge or
// flooding options. Everything is drawn from one seeded generator, so a case
// number replays exactly.
import dnsPacket from 'dns-packet';
import type { Answer } from 'dns-packet';
import type { SentQuestion } from '../../probe/dns-wire';
import { edeOption, optRecord } from '../edns-options';
import { CAPTURED_RESPONSES } from './captured-responses';

/** A small, fast, seeded generator (mulberry32): the same seed gives the same case. */
export function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const below = (random: Random, n: number) => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[below(random, items.length)] as T;

export interface Seed {
  label: string;
  bytes: Buffer;
  /** The question the response answers, as the probe would have sent it. */
  sent: SentQuestion;
}

/** Responses made to carry what captures rarely do: EDE floods, bad UTF-8, PTR answers. */
function builtSeeds(): Seed[] {
  const name = 'app.example';
  const base = { type: 'response' as const, id: 4242, flags: dnsPacket.RECURSION_AVAILABLE };
  const question = [{ name, type: 'A' as const, class: 'IN' as const }];
  const address: Answer = { type: 'A', name, ttl: 30, class: 'IN', data: '198.18.0.10' };
  const sent: SentQuestion = { id: 4242, name, type: 'A' };
  const flood = Array.from({ length: 40 }, (_, i) => edeOption(i % 25, `reason ${i}`));
  const seeds: Array<[string, Buffer, SentQuestion]> = [
    [
      'built: EDE flood',
      dnsPacket.encode({ ...base, questions: question, answers: [address], additionals: [optRecord(flood)] }),
      sent,
    ],
    [
      'built: EDE with invalid UTF-8',
      dnsPacket.encode({
        ...base,
        questions: question,
        answers: [address],
        additionals: [optRecord([edeOption(17, Buffer.from([0xe2, 0x80, 0xae, 0xff, 0xc3]))])],
      }),
      sent,
    ],
    [
      'built: PTR answer',
      dnsPacket.encode({
        ...base,
        questions: [{ name: '10.0.18.198.in-addr.arpa', type: 'PTR', class: 'IN' }],
        answers: [{ type: 'PTR', name: '10.0.18.198.in-addr.arpa', ttl: 30, class: 'IN', data: 'host.example' }],
      }),
      { id: 4242, name: '10.0.18.198.in-addr.arpa', type: 'PTR' },
    ],
  ];
  return seeds.map(([label, bytes, question]) => ({ label, bytes, sent: question }));
}

function capturedSeed(label: string, hex: string): Seed {
  const bytes = Buffer.from(hex, 'hex');
  const decoded = dnsPacket.decode(bytes);
  const question = decoded.questions?.[0];
  if (!question) throw new Error(`captured response "${label}" has no question`);
  return {
    label,
    bytes,
    sent: { id: decoded.id ?? 0, name: question.name.toLowerCase(), type: question.type as SentQuestion['type'] },
  };
}

export function fuzzSeeds(): Seed[] {
  return [...CAPTURED_RESPONSES.map((c) => capturedSeed(c.label, c.hex)), ...builtSeeds()];
}

const INTERESTING_BYTES = [0x00, 0x01, 0x0f, 0x3f, 0x40, 0x7f, 0x80, 0xc0, 0xc0, 0xfe, 0xff];
const INTERESTING_WORDS = [0, 1, 2, 0x29, 0x3fff, 0x7fff, 0x8000, 0xfffe, 0xffff];

type Mutation = (bytes: Buffer, random: Random, seeds: readonly Seed[]) => Buffer;

const withWord = (bytes: Buffer, offset: number, value: number): Buffer => {
  if (offset + 2 > bytes.length) return bytes;
  const copy = Buffer.from(bytes);
  copy.writeUInt16BE(value & 0xffff, offset);
  return copy;
};

/** Where record-length fields may sit: found loosely, since the packet may already be broken. */
function lengthFields(bytes: Buffer): number[] {
  const found: number[] = [];
  for (let i = 12; i + 10 <= bytes.length; i++) {
    const length = bytes.readUInt16BE(i + 8);
    if (i + 10 + length === bytes.length || (bytes[i] === 0xc0 && length < 512)) found.push(i + 8);
  }
  return found;
}

const MUTATIONS: readonly Mutation[] = [
  // A flipped bit.
  (bytes, random) => {
    if (bytes.length === 0) return bytes;
    const copy = Buffer.from(bytes);
    const at = below(random, copy.length);
    copy[at] = (copy[at] ?? 0) ^ (1 << below(random, 8));
    return copy;
  },
  // A byte set to a value parsers trip on.
  (bytes, random) => {
    if (bytes.length === 0) return bytes;
    const copy = Buffer.from(bytes);
    copy[below(random, copy.length)] = random() < 0.8 ? pick(random, INTERESTING_BYTES) : below(random, 256);
    return copy;
  },
  // Cut short.
  (bytes, random) => bytes.subarray(0, below(random, bytes.length + 1)),
  // Trailing garbage.
  (bytes, random) =>
    Buffer.concat([bytes, Buffer.from(Array.from({ length: 1 + below(random, 64) }, () => below(random, 256)))]),
  // A slice repeated somewhere else.
  (bytes, random) => {
    if (bytes.length < 2) return bytes;
    const start = below(random, bytes.length);
    const slice = bytes.subarray(start, start + 1 + below(random, 32));
    const at = below(random, bytes.length);
    return Buffer.concat([bytes.subarray(0, at), slice, bytes.subarray(at)]);
  },
  // A slice removed.
  (bytes, random) => {
    const start = below(random, bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, start), bytes.subarray(start + 1 + below(random, 16))]);
  },
  // A section count that lies.
  (bytes, random) =>
    withWord(bytes, pick(random, [4, 6, 8, 10]), random() < 0.5 ? pick(random, INTERESTING_WORDS) : below(random, 8)),
  // A compression pointer anywhere, to anywhere: forward, to itself, into a loop.
  (bytes, random) => {
    if (bytes.length < 14) return bytes;
    const at = 12 + below(random, bytes.length - 13);
    const target = random() < 0.3 ? at : below(random, bytes.length + 8);
    return withWord(bytes, at, 0xc000 | (target & 0x3fff));
  },
  // A record length that lies.
  (bytes, random) => {
    const fields = lengthFields(bytes);
    if (fields.length === 0) return bytes;
    return withWord(bytes, pick(random, fields), random() < 0.5 ? pick(random, INTERESTING_WORDS) : below(random, 300));
  },
  // An OPT record appended, with odd options: EDE of any length and bytes, lengths that overrun, a flood.
  (bytes, random) => {
    if (bytes.length < 12) return bytes;
    const options: Buffer[] = [];
    const count = random() < 0.1 ? 50 + below(random, 400) : 1 + below(random, 4);
    for (let i = 0; i < count; i++) {
      const data = Buffer.from(
        Array.from({ length: below(random, random() < 0.05 ? 700 : 40) }, () => below(random, 256)),
      );
      const option = Buffer.alloc(4);
      option.writeUInt16BE(random() < 0.8 ? 15 : below(random, 20), 0);
      option.writeUInt16BE(random() < 0.85 ? data.length : below(random, 0x10000), 2);
      options.push(option, data);
    }
    const rdata = Buffer.concat(options);
    const fixed = Buffer.alloc(11);
    fixed.writeUInt16BE(41, 1);
    fixed.writeUInt16BE(1232, 3);
    fixed.writeUInt8(random() < 0.1 ? below(random, 256) : 0, 5);
    fixed.writeUInt16BE(random() < 0.9 ? Math.min(rdata.length, 0xffff) : below(random, 0x10000), 9);
    const grown = Buffer.concat([bytes, fixed, rdata]);
    return withWord(grown, 10, bytes.readUInt16BE(10) + (random() < 0.9 ? 1 : 2));
  },
  // The front of one response joined to the back of another.
  (bytes, random, seeds) => {
    const other = pick(random, seeds).bytes;
    return Buffer.concat([
      bytes.subarray(0, below(random, bytes.length + 1)),
      other.subarray(below(random, other.length + 1)),
    ]);
  },
  // Another rcode, sometimes one only the OPT can say.
  (bytes, random) => {
    if (bytes.length < 4) return bytes;
    const copy = Buffer.from(bytes);
    copy[3] = ((copy[3] ?? 0) & 0xf0) | below(random, 16);
    return copy;
  },
];

/** One fuzz case: a seed and one to four mutations of it, all decided by `caseSeed`. */
export function mutatedCase(seeds: readonly Seed[], caseSeed: number): { seed: Seed; bytes: Buffer } {
  const random = generator(caseSeed);
  const seed = pick(random, seeds);
  let bytes = seed.bytes;
  const rounds = 1 + below(random, 4);
  for (let i = 0; i < rounds; i++) bytes = pick(random, MUTATIONS)(bytes, random, seeds);
  return { seed, bytes };
}
