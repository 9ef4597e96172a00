// The provider signatures in resources/catalog/providers.json, read as the
// probe, diagnose/ and the feeds read them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ATTRIBUTION_HEADER_NAMES,
  knownRegions,
  providerFromHeaders,
  providerFromHostname,
  regionIn,
} from './provider-signatures';
import { PROVIDERS } from './providers';

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

test('Fastly is x-served-by together with via: varnish (docs/contracts.md section 5), quoting both', () => {
  assert.deepEqual(providerFromHeaders({ Via: '1.1 varnish', 'X-Served-By': 'cache-fra-etou8220024-FRA' }), {
    provider: 'fastly',
    region: null,
    evidence: 'x-served-by: cache-fra-etou8220024-FRA, via: 1.1 varnish',
  });
  // A site's own Varnish says `via: varnish` too; Fastly's caches also name themselves.
  assert.equal(providerFromHeaders({ via: '1.1 varnish (Varnish/7.4)', age: '12' }), null);
  assert.equal(providerFromHeaders({ 'x-served-by': 'cache-fra-etou8220024-FRA' }), null);
});

test("CloudFront's Via names AWS; a CDN wins over the cloud behind it, the cloud's edge over its origin", () => {
  assert.equal(providerFromHeaders({ via: '1.1 0a1b.cloudfront.net (CloudFront)' })?.provider, 'aws');
  assert.equal(
    providerFromHeaders({ 'x-amz-cf-id': 'abc', 'x-served-by': 'cache-1', via: '1.1 varnish' })?.provider,
    'fastly',
  );
  assert.deepEqual(providerFromHeaders({ server: 'AmazonS3', 'x-azure-ref': 'ref-1' }), {
    provider: 'azure',
    region: null,
    evidence: 'x-azure-ref: ref-1',
  });
});

test('regions: AWS by its pattern as a whole word, Azure by its list of ids', () => {
  assert.equal(regionIn('aws', 'ec2-us-east-1'), 'us-east-1');
  assert.equal(regionIn('aws', 'dynamodb.AP-SOUTHEAST-2.amazonaws.com'), 'ap-southeast-2');
  assert.equal(regionIn('aws', 'xus-east-1'), null);
  assert.equal(regionIn('aws', 'us-east-12a'), null);
  assert.equal(regionIn('azure', 'westeurope'), null, 'Azure has no pattern: its ids are plain words');
  assert.ok(knownRegions('azure').has('westeurope'));
  assert.equal(knownRegions('no-such-cloud').size, 0);
});

test('the data: no domain is owned twice, and every header rule reads at least one header', () => {
  const suffixes = PROVIDERS.flatMap((provider) => (provider.domains ?? []).map((rule) => rule.suffix));
  assert.equal(new Set(suffixes).size, suffixes.length);
  for (const provider of PROVIDERS) for (const rule of provider.headers ?? []) assert.ok(rule.when.length > 0);
  assert.ok(ATTRIBUTION_HEADER_NAMES.includes('x-served-by'));
});
