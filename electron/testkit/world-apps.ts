// The apps of the loopback world used by the check tests, the benchmarks and
// the demo: three on AWS us-east-1 (two by CNAME, one by config), two behind
// Fastly, one on its own. Names under .test are served only by the fakes.
import type { WorldApp } from './loopback-world';

export const WORLD_APPS: WorldApp[] = [
  { id: 'alexa', name: 'Alexa', hostname: 'alexa.test', cnameChain: ['alexa-web.elb.us-east-1.amazonaws.com'] },
  {
    id: 'primevideo',
    name: 'Prime Video',
    hostname: 'primevideo.test',
    cnameChain: ['pv-front.elb.us-east-1.amazonaws.com'],
  },
  { id: 'slack', name: 'Slack', hostname: 'slack.test', provider: 'aws', region: 'us-east-1' },
  {
    id: 'reddit',
    name: 'Reddit',
    hostname: 'reddit.test',
    cnameChain: ['reddit.map.fastly.net'],
    headers: { via: '1.1 varnish', 'x-served-by': 'cache-fra-etou8220024-FRA' },
  },
  { id: 'github', name: 'GitHub', hostname: 'github.test', cnameChain: ['github.map.fastly.net'] },
  { id: 'zoom', name: 'Zoom', hostname: 'zoom.test' },
];
