// The EDNS pieces of a DNS response as raw bytes, for whatever builds
// responses by hand (the fake DNS server, the fuzzer's seeds, the wire tests):
// an OPT record, and the Extended DNS Error option (RFC 8914) it may carry.
import type { Answer } from 'dns-packet';

export const EDE_OPTION_CODE = 15;

/** An EDNS option as dns-packet encodes any option: its code and its data. */
export interface RawOption {
  code: number;
  data: Buffer;
}

/** An EDE option's bytes: the info code, then the text as given (a Buffer may hold invalid UTF-8 on purpose). */
export function edeOption(code: number, text: Buffer | string = ''): RawOption {
  const textBytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const data = Buffer.alloc(2 + textBytes.length);
  data.writeUInt16BE(code, 0);
  textBytes.copy(data, 2);
  return { code: EDE_OPTION_CODE, data };
}

/** An OPT record advertising 1232 bytes, with these options. */
export function optRecord(options: RawOption[], extendedRcode = 0): Answer {
  return {
    type: 'OPT',
    name: '.',
    udpPayloadSize: 1232,
    extendedRcode,
    ednsVersion: 0,
    flags: 0,
    flag_do: false,
    // dns-packet encodes any option given as raw code + data; its types only know the ones it builds.
    options: options as never,
  };
}
