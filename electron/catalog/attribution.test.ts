import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  attributeProvider,
  providerFromCnameChain,
  providerFromHeaders,
  providerFromHostname,
  providerFromReverseNames,
} from './attribution';
import { buildIpRangeIndex } from './ip-range-index';

const hostnameCases: Array<[string, string, string | null]> = [
  ['d1234abcd.cloudfront.net', 'aws', null],
  ['my-alb-1234567890.us-east-1.elb.amazonaws.com', 'aws', 'us-east-1'],
  ['my-nlb-0123456789abcdef.elb.eu-west-1.amazonaws.com', 'aws', 'eu-west-1'],
  ['dualstack.my-alb-1.ap-southeast-2.elb.amazonaws.com.', 'aws', 'ap-southeast-2'],
  ['a1b2c3d4e5f6.awsglobalaccelerator.com', 'aws', null],
  ['dynamodb.us-east-1.amazonaws.com', 'aws', 'us-east-1'],
  ['s3-us-west-2.amazonaws.com', 'aws', 'us-west-2'],
  ['abc123.execute-api.us-gov-west-1.amazonaws.com', 'aws', 'us-gov-west-1'],
  ['ec2-198-51-100-7.compute-1.amazonaws.com', 'aws', 'us-east-1'],
  ['ec2-198-51-100-7.eu-central-1.compute.amazonaws.com', 'aws', 'eu-central-1'],
  ['s3.amazonaws.com', 'aws', null],
  ['myenv.us-west-2.elasticbeanstalk.com', 'aws', 'us-west-2'],
  ['contoso-abc.z01.azurefd.net', 'azure', null],
  ['contoso.azureedge.net', 'azure', null],
  ['contoso.trafficmanager.net', 'azure', null],
  ['contoso-vm.westeurope.cloudapp.azure.com', 'azure', 'westeurope'],
  ['ghs.googlehosted.com', 'gcp', null],
  ['my-project.appspot.com', 'gcp', null],
  ['10.113.203.35.bc.googleusercontent.com', 'gcp', null],
  ['lhr48s27-in-f14.1e100.net', 'google', null],
  ['www.example.com.cdn.cloudflare.net', 'cloudflare', null],
  ['example.map.fastly.net', 'fastly', null],
  ['example.global.ssl.fastly.net', 'fastly', null],
  ['example.fastlylb.net', 'fastly', null],
  ['e1234.a.akamaiedge.net', 'akamai', null],
  ['www.example.com.edgekey.net', 'akamai', null],
  ['www.example.com.edgesuite.net', 'akamai', null],
  ['a1234.dscb.akamai.net', 'akamai', null],
  ['example-vh.akamaized.net', 'akamai', null],
  ['a23-45-67-89.deploy.static.akamaitechnologies.com', 'akamai', null],
];

for (const [name, provider, region] of hostnameCases) {
  test(`host name ${name} -> ${provider}${region ? ` ${region}` : ''}`, () => {
    const hint = providerFromHostname(name);
    assert.equal(hint?.provider, provider);
    assert.equal(hint?.region, region);
  });
}

test('names that only look like a provider do not match', () => {
  for (const name of [
    'notcloudfront.net',
    'cloudfront.net.example.com',
    'fastly.net.evil.example',
    'myakamai.net',
    'amazonaws.com.example.org',
    'example.com',
    'www.amazon.com',
  ]) {
    assert.equal(providerFromHostname(name), null, name);
  }
  assert.equal(providerFromHostname('x.us-east-1.example.com'), null, 'a region in a foreign name says nothing');
});

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

const headerCases: Array<[Record<string, string>, string]> = [
  [{ 'x-amz-cf-id': 'kXUw0Fq3d8w==', via: '1.1 abc.cloudfront.net (CloudFront)' }, 'aws'],
  [{ 'x-amz-cf-pop': 'FRA56-P1' }, 'aws'],
  [{ server: 'awselb/2.0' }, 'aws'],
  [{ 'x-amzn-requestid': '6d1c5f0e-3b7a-4e0e-9d0e-0a1b2c3d4e5f' }, 'aws'],
  [{ server: 'AmazonS3' }, 'aws'],
  [{ 'cf-ray': '8a1b2c3d4e5f6a7b-FRA' }, 'cloudflare'],
  [{ server: 'cloudflare' }, 'cloudflare'],
  [{ 'x-served-by': 'cache-fra-eddf8230123-FRA', via: '1.1 varnish' }, 'fastly'],
  [{ 'x-azure-ref': '20261123T110000Z-abc' }, 'azure'],
  [{ server: 'AkamaiGHost' }, 'akamai'],
  [{ server: 'gws' }, 'google'],
  [{ via: '1.1 google' }, 'gcp'],
  [{ server: 'Google Frontend' }, 'gcp'],
];

for (const [headers, provider] of headerCases) {
  test(`headers ${JSON.stringify(headers)} -> ${provider}`, () => {
    const hint = providerFromHeaders(headers);
    assert.equal(hint?.provider, provider);
    assert.equal(hint?.region, null);
  });
}

test('headers that say nothing, or only half of a pattern, do not match', () => {
  assert.equal(providerFromHeaders({ server: 'nginx', 'content-type': 'text/html' }), null);
  assert.equal(providerFromHeaders({ 'x-served-by': 'app-7' }), null, 'x-served-by without varnish');
  assert.equal(providerFromHeaders({ via: '1.1 varnish' }), null, 'varnish without x-served-by');
  assert.equal(providerFromHeaders({ via: '1.1 googlebot-proxy.example' }), null);
  assert.equal(providerFromHeaders({ server: 'my-cloudflare-clone' }), null);
});

test('header names are matched whatever their case, and the edge wins over the origin', () => {
  assert.equal(providerFromHeaders({ 'CF-RAY': 'abc-FRA' })?.provider, 'cloudflare');
  const cloudflareInFrontOfAws = { 'cf-ray': 'abc-FRA', 'x-amzn-requestid': 'r-1' };
  assert.deepEqual(providerFromHeaders(cloudflareInFrontOfAws), {
    provider: 'cloudflare',
    region: null,
    evidence: 'cf-ray: abc-FRA',
  });
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

test('precedence: config > catalog > cname > header > rdns > ip-range > memory', () => {
  const everything = {
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
  assert.deepEqual(attributeProvider(withoutCname), { provider: 'cloudflare', region: null, source: 'header' });
  const withoutHeader = { ...withoutCname, headers: { server: 'nginx' } };
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
