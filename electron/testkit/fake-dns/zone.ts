// The fake DNS server's zone: the names it holds, how it behaves for each, and
// the reply a question gets before any transport or hostile twist.
import type { Answer, Question } from 'dns-packet';

export type FakeDnsRcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';

export const FAKE_DNS_HOSTILE_MODES = [
  /** Random bytes instead of a DNS message. */
  'random-bytes',
  /** A correct response cut short in the middle. */
  'truncated-packet',
  /** An answer whose owner name is a compression pointer back to itself. */
  'pointer-loop',
  /** Over UDP: more than the client can take (a hundred extra A records) without the TC bit. */
  'oversized',
  /** A correct response with another ID. */
  'wrong-id',
  /** A response for another name, carrying its own answers (a poisoning attempt). */
  'wrong-question',
  /** Over UDP: the correct response sent from another port. Over TCP: no answer. */
  'wrong-source',
  /** A wrong-ID response first, then the correct one. */
  'wrong-then-correct',
  /** The correct response with two OPT records (RFC 6891 calls it malformed). */
  'two-opt',
  /** The correct response whose OPT option runs past the OPT's data. */
  'opt-overrun',
  /** The correct response with an EDE whose text is not UTF-8. */
  'ede-bad-utf8',
  /** The correct response with a thousand EDE options. */
  'ede-flood',
] as const;
export type FakeDnsHostileMode = (typeof FAKE_DNS_HOSTILE_MODES)[number];

export type FakeDnsRecordType = 'A' | 'AAAA' | 'CNAME' | 'PTR';

/** What a name holds. A name that is in the zone but lacks the asked type gets NOERROR with no answer. */
export interface FakeDnsRecords {
  A?: string[];
  AAAA?: string[];
  /** The name is an alias of this one (answers follow the chain across names the server holds). */
  CNAME?: string;
  /** Reverse names, for a reverse-lookup owner (see reverseDnsName). */
  PTR?: string[];
  ttl?: number;
}

/** How the server answers for a name (or for every name, as the default). */
export interface FakeDnsBehaviour {
  /** Answer with this rcode and no records (NOERROR = an empty answer). */
  rcode?: FakeDnsRcode;
  /** Never answer. */
  drop?: boolean;
  /** Wait this long before answering (the largest along a CNAME chain counts). */
  delayMs?: number;
  /**
   * Over UDP set TC, so the client must ask again over TCP; TCP answers fully (or with `hostile`).
   * true: a clean TC response without records; 'cut': the full response with TC, cut off mid-record
   * (what some servers send).
   */
  truncate?: boolean | 'cut';
  hostile?: FakeDnsHostileMode;
  /** Extended DNS Errors (RFC 8914) to attach, when the query carried EDNS. */
  ede?: FakeDnsExtendedError[];
  /** The server does not speak EDNS: a query with an OPT gets FORMERR without one (old routers). */
  noEdns?: boolean;
  /** Apply this behaviour only to questions of these types; others are answered normally. */
  types?: FakeDnsRecordType[];
}

export interface FakeDnsExtendedError {
  code: number;
  text?: string;
}

export type FakeDnsEntry = FakeDnsRecords & FakeDnsBehaviour;

const MAX_CHAIN = 16;
export const DEFAULT_TTL = 30;
const BEHAVIOUR_KEYS = ['rcode', 'drop', 'delayMs', 'truncate', 'hostile', 'ede', 'noEdns', 'types'] as const;

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** The reply a question gets before any hostile twist. */
export interface PlannedReply {
  drop: boolean;
  delayMs: number;
  rcode: FakeDnsRcode;
  answers: Answer[];
  truncate: boolean | 'cut';
  hostile: FakeDnsHostileMode | null;
  ede: FakeDnsExtendedError[];
  noEdns: boolean;
}

export class FakeDnsZone {
  private readonly records = new Map<string, FakeDnsRecords>();
  private readonly behaviours = new Map<string, FakeDnsBehaviour>();
  private defaultBehaviour: FakeDnsBehaviour = {};

  setEntry(name: string, entry: FakeDnsEntry | null): void {
    const key = normalizeName(name);
    if (entry === null) {
      this.records.delete(key);
      this.behaviours.delete(key);
      return;
    }
    const { A, AAAA, CNAME, PTR, ttl } = entry;
    this.records.set(key, {
      A,
      AAAA,
      CNAME: CNAME === undefined ? undefined : normalizeName(CNAME),
      PTR: PTR?.map(normalizeName),
      ttl,
    });
    const behaviour = pickBehaviour(entry);
    if (Object.keys(behaviour).length > 0) this.behaviours.set(key, behaviour);
    else this.behaviours.delete(key);
  }

  /** Replaces every name (records and per-name behaviour); the default behaviour stays. */
  replaceEntries(entries: Record<string, FakeDnsEntry>): void {
    this.records.clear();
    this.behaviours.clear();
    for (const [name, entry] of Object.entries(entries)) this.setEntry(name, entry);
  }

  /** '*' sets the default for every name; a name's own behaviour overrides it field by field. null clears. */
  setBehaviour(name: string, behaviour: FakeDnsBehaviour | null): void {
    if (name === '*') {
      this.defaultBehaviour = behaviour ? pickBehaviour(behaviour) : {};
      return;
    }
    const key = normalizeName(name);
    if (behaviour) this.behaviours.set(key, pickBehaviour(behaviour));
    else this.behaviours.delete(key);
  }

  private effectiveBehaviour(name: string, type: string): FakeDnsBehaviour {
    const applies = (b: FakeDnsBehaviour | undefined): FakeDnsBehaviour =>
      b && (!b.types || (b.types as string[]).includes(type)) ? b : {};
    return { ...applies(this.defaultBehaviour), ...applies(this.behaviours.get(name)) };
  }

  plan(question: Question): PlannedReply {
    const asked = normalizeName(question.name);
    const type = question.type;
    const first = this.effectiveBehaviour(asked, type);
    const reply: PlannedReply = {
      drop: false,
      delayMs: first.delayMs ?? 0,
      rcode: 'NOERROR',
      answers: [],
      truncate: first.truncate ?? false,
      hostile: first.hostile ?? null,
      ede: first.ede ?? [],
      noEdns: first.noEdns ?? false,
    };
    let current = asked;
    const seen = new Set<string>();
    for (let hop = 0; hop <= MAX_CHAIN; hop++) {
      seen.add(current);
      const behaviour = hop === 0 ? first : this.effectiveBehaviour(current, type);
      reply.delayMs = Math.max(reply.delayMs, behaviour.delayMs ?? 0);
      // The hop that fails (or is served stale, or filtered) is the one whose errors the resolver reports.
      if (behaviour.ede) reply.ede = behaviour.ede;
      if (behaviour.drop) return { ...reply, drop: true };
      if (behaviour.rcode && behaviour.rcode !== 'NOERROR') {
        // Resolvers keep the chain on NXDOMAIN but usually send SERVFAIL/REFUSED bare.
        return { ...reply, rcode: behaviour.rcode, answers: behaviour.rcode === 'NXDOMAIN' ? reply.answers : [] };
      }
      if (behaviour.rcode === 'NOERROR') return reply;
      const records = this.records.get(current);
      if (!records) return { ...reply, rcode: 'NXDOMAIN' };
      const ttl = records.ttl ?? DEFAULT_TTL;
      if (records.CNAME !== undefined && type !== 'CNAME') {
        reply.answers.push({ type: 'CNAME', name: current, ttl, class: 'IN', data: records.CNAME });
        if (seen.has(records.CNAME)) return reply;
        current = records.CNAME;
        continue;
      }
      if (type === 'CNAME' && records.CNAME !== undefined) {
        reply.answers.push({ type: 'CNAME', name: current, ttl, class: 'IN', data: records.CNAME });
      } else if (type === 'A' || type === 'AAAA') {
        for (const address of records[type] ?? [])
          reply.answers.push({ type, name: current, ttl, class: 'IN', data: address });
      } else if (type === 'PTR') {
        for (const target of records.PTR ?? [])
          reply.answers.push({ type: 'PTR', name: current, ttl, class: 'IN', data: target });
      }
      return reply;
    }
    return { ...reply, rcode: 'SERVFAIL', answers: [] };
  }
}

export function pickBehaviour(entry: FakeDnsBehaviour): FakeDnsBehaviour {
  const behaviour: Record<string, unknown> = {};
  for (const key of BEHAVIOUR_KEYS) if (entry[key] !== undefined) behaviour[key] = entry[key];
  return behaviour as FakeDnsBehaviour;
}
