import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attributeProvider, providerFromCnameChain, providerFromReverseNames } from './attribution';
import { buildIpRangeIndex } from './ip-range-index';

test('a CNAME chain is attributed by its last matching hop, region from the nearest hop that has one', () => {
  const netflixLike = ['www.example.com', 'www.geo.example.com', 'api-prod-123.elb.us-west-2.amazonaws.com'];
  assert.deepEqual(providerFromCnameChain(netflixLike), {
    provider: 'aws',
    region: 'us-west-2',
    evidence: 'api-prod-123.elb.us-west-2.amazonaws.com',
  });
  const throughAkamai = ['www.example.com', 'www.example.com.edgekey.net', 'e1.a.akamaiedge.net'];
  assert.equal(providerFromCnameChain(throughAkamai)?.provider, 'akamai');
  const regionEarlier = ['api.example.com', 'api.us-east-1.amazonaws.com', 'd111.cloudfront.net'];
  assert.deepEqual(providerFromCnameChain(regionEarlier), {
    provider: 'aws',
    region: 'us-east-1',
    evidence: 'd111.cloudfront.net',
  });
  assert.equal(providerFromCnameChain(['www.example.com']), null);
  assert.equal(providerFromCnameChain([]), null);
});

test('reverse names: EC2 and CloudFront servers, Akamai edges', () => {
  assert.deepEqual(providerFromReverseNames(['ec2-203-0-113-10.us-west-2.compute.amazonaws.com']), {
    provider: 'aws',
    region: 'us-west-2',
    evidence: 'ec2-203-0-113-10.us-west-2.compute.amazonaws.com',
  });
  assert.equal(providerFromReverseNames(['server-198-51-100-1.fra56.r.cloudfront.net'])?.provider, 'aws');
  assert.equal(providerFromReverseNames(['host.isp.example']), null);
});

const ipRanges = buildIpRangeIndex([
  { cidr: '198.51.100.0/24', provider: 'aws', region: 'eu-west-1', service: 'EC2' },
  { cidr: '203.0.113.0/24', provider: 'fastly', region: null, service: null },
]);

test('precedence: config > catalog > cname > hostname > header > rdns > ip-range > memory', () => {
  const everything = {
    hostname: 'shop.azurewebsites.net',
    configProvider: 'azure',
    configRegion: 'westeurope',
    catalogProvider: 'gcp',
    catalogRegion: null,
    cnameChain: ['app.example.com', 'app.example.com.edgekey.net'],
    headers: { 'cf-ray': 'abc-FRA' },
    reverseNames: ['a1.example.fastly.net'],
    address: '198.51.100.9',
    ipRanges,
    memory: { provider: 'meta', region: null },
  };
  assert.deepEqual(attributeProvider(everything), { provider: 'azure', region: 'westeurope', source: 'config' });
  const withoutConfig = { ...everything, configProvider: null, configRegion: null };
  assert.deepEqual(attributeProvider(withoutConfig), { provider: 'gcp', region: null, source: 'catalog' });
  const withoutCatalog = { ...withoutConfig, catalogProvider: null };
  assert.deepEqual(attributeProvider(withoutCatalog), { provider: 'akamai', region: null, source: 'cname' });
  const withoutCname = { ...withoutCatalog, cnameChain: ['app.example.com'] };
  assert.deepEqual(attributeProvider(withoutCname), { provider: 'azure', region: null, source: 'hostname' });
  const withoutHostname = { ...withoutCname, hostname: 'app.example.com' };
  assert.deepEqual(attributeProvider(withoutHostname), { provider: 'cloudflare', region: null, source: 'header' });
  const withoutHeader = { ...withoutHostname, headers: { server: 'nginx' } };
  assert.deepEqual(attributeProvider(withoutHeader), { provider: 'fastly', region: null, source: 'rdns' });
  const withoutRdns = { ...withoutHeader, reverseNames: [] };
  assert.deepEqual(attributeProvider(withoutRdns), { provider: 'aws', region: 'eu-west-1', source: 'ip-range' });
  const withoutRange = { ...withoutRdns, address: '192.0.2.1' };
  assert.deepEqual(attributeProvider(withoutRange), { provider: 'meta', region: null, source: 'memory' });
  assert.deepEqual(attributeProvider({ ...withoutRange, memory: null }), {
    provider: null,
    region: null,
    source: null,
  });
  assert.deepEqual(attributeProvider({}), { provider: null, region: null, source: null });
});

test('a CNAME region refines a catalog provider without one, but never another provider', () => {
  const chain = ['www.example.com', 'prod-1.elb.us-east-1.amazonaws.com'];
  assert.deepEqual(attributeProvider({ catalogProvider: 'aws', cnameChain: chain }), {
    provider: 'aws',
    region: 'us-east-1',
    source: 'catalog',
  });
  assert.deepEqual(attributeProvider({ catalogProvider: 'aws', catalogRegion: 'us-west-2', cnameChain: chain }), {
    provider: 'aws',
    region: 'us-west-2',
    source: 'catalog',
  });
  assert.deepEqual(attributeProvider({ catalogProvider: 'gcp', cnameChain: chain }), {
    provider: 'gcp',
    region: null,
    source: 'catalog',
  });
});

test('memory keeps an app attributed, region included, when its DNS fails outright', () => {
  const remembered = { provider: 'aws', region: 'us-east-1' };
  assert.deepEqual(attributeProvider({ cnameChain: [], headers: {}, address: null, memory: remembered }), {
    provider: 'aws',
    region: 'us-east-1',
    source: 'memory',
  });
  assert.deepEqual(attributeProvider({ catalogProvider: 'aws', cnameChain: [], memory: remembered }), {
    provider: 'aws',
    region: 'us-east-1',
    source: 'catalog',
  });
});

test("the app's own host name places it when its DNS fails everywhere: DynamoDB's endpoint is AWS us-east-1", () => {
  assert.deepEqual(attributeProvider({ hostname: 'dynamodb.us-east-1.amazonaws.com', cnameChain: [] }), {
    provider: 'aws',
    region: 'us-east-1',
    source: 'hostname',
  });
  assert.deepEqual(attributeProvider({ hostname: 'www.facebook.com' }), {
    provider: 'meta',
    region: null,
    source: 'hostname',
  });
  assert.deepEqual(attributeProvider({ hostname: 'europe-west1-run.googleapis.com' }), {
    provider: 'gcp',
    region: 'europe-west1',
    source: 'hostname',
  });
  // A CNAME to another provider is what actually answers: it wins over the name.
  assert.equal(
    attributeProvider({ hostname: 'static.example.web.app', cnameChain: ['e9.b.akamaiedge.net'] }).provider,
    'akamai',
  );
});

test('CNAMEs remembered from earlier rounds place an app whose name no longer resolves', () => {
  const rememberedNames = ['www.example.com.cdn.cloudflare.net'];
  assert.deepEqual(attributeProvider({ hostname: 'www.example.com', cnameChain: [], rememberedNames }), {
    provider: 'cloudflare',
    region: null,
    source: 'memory',
  });
  // Remembered names come before the provider learned long ago, and after anything fresh.
  assert.equal(
    attributeProvider({ rememberedNames, memory: { provider: 'fastly', region: null } }).provider,
    'cloudflare',
  );
  assert.equal(attributeProvider({ rememberedNames, headers: { 'x-amz-cf-id': 'x' } }).provider, 'aws');
});
