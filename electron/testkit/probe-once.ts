// Runs one probe against 198.18.0.53 and prints its result as JSON: used by
// tests inside network namespaces they made (the address is never routed out).
import { queryDns } from '../probe/dns';
import { probeTcp } from '../probe/tcp';

const TARGET = '198.18.0.53';
const kind = process.argv[2];
const result =
  kind === 'dns'
    ? await queryDns({
        hostname: 'example.test',
        resolver: { name: 'Lab', address: TARGET, port: 53, role: 'system' },
        timeoutMs: 1000,
      })
    : await probeTcp({ host: 'example.test', address: TARGET, port: 443, timeoutMs: 1000 });
process.stdout.write(JSON.stringify(result));
