// Historic outages replayed as a client machine saw them, from the providers'
// own post-incident reports. The names below are served only by the lab's fake
// DNS inside the namespaces; no packet leaves 198.18.0.0/15.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labConfig, labSkipReason } from './lab';
import { sharedLab } from './shared-lab';
import { assertVerdict, describeRun } from './lab-assert';
import {
  BYSTANDER_APPS,
  BYSTANDER_SITES,
  DYNAMODB_US_EAST_1,
  htmlPage,
  US_EAST_1_OUTAGE_VERDICT,
  usEast1ElbErrorSites,
} from './lab-sites';
import { site } from './lab-world';

describe('network lab: historic outages replayed', { skip: labSkipReason() }, () => {
  const lab = sharedLab();

  test('AWS us-east-1, 7 Dec 2021: apps behind us-east-1 answer 5xx or time out, DNS fine: provider-outage aws', async () => {
    // Source: AWS, "Summary of the AWS Service Event in the Northern Virginia
    // (US-EAST-1) Region". Congestion between AWS's internal network and its main
    // network impaired us-east-1 services for hours; customers' sites and devices
    // there (Ring, Disney+, Alexa...) answered with errors or not at all, while
    // DNS and the rest of the internet worked.
    await lab().setSites([
      ...BYSTANDER_SITES,
      site('ring', 'ring.com', '198.19.10.10', {
        cnameChain: ['ring-web-1094528421.us-east-1.elb.amazonaws.com'],
        http: htmlPage(
          503,
          { server: 'awselb/2.0' },
          '<html><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>',
        ),
      }),
      site('disneyplus', 'www.disneyplus.com', '198.19.10.11', {
        cnameChain: ['d2mxp5u3j4p9pn.cloudfront.net'],
        http: htmlPage(
          502,
          { 'x-cache': 'Error from cloudfront', 'x-amz-cf-id': 'lab-7Dec2021-Q2x==' },
          '<h1>502 ERROR</h1><p>The request could not be satisfied.</p>',
        ),
      }),
      site('alexa', 'api.amazonalexa.com', '198.19.10.12', { http: { kind: 'hang' } }),
    ]);
    const run = await lab().check(labConfig(lab(), ['ring', 'disneyplus', 'alexa', ...BYSTANDER_APPS]));
    // Region stays open: CloudFront and a bare hostname do not say where the origin is.
    assertVerdict(run, {
      scope: 'upstream',
      kind: 'provider-outage',
      layer: 'http',
      provider: 'aws',
      region: null,
      apps: ['alexa', 'disneyplus', 'ring'],
    });
    assert.equal(run.diagnosis.apps.find((a) => a.id === 'wiki')?.status, 'up', describeRun(run));
  });

  test('AWS us-east-1, 20 Oct 2025: the DynamoDB endpoint name is empty in DNS, AWS-hosted apps answer 5xx: one provider-outage aws including the endpoint', async () => {
    // Source: AWS, "Summary of the Amazon DynamoDB Service Disruption in the
    // Northern Virginia (US-EAST-1) Region". A race in DynamoDB's DNS automation
    // left the record of dynamodb.us-east-1.amazonaws.com empty; everything built
    // on it in us-east-1 failed, and sites on AWS answered with server errors.
    await lab().setSites([
      ...BYSTANDER_SITES,
      site('dynamodb', 'dynamodb.us-east-1.amazonaws.com', '198.19.11.9', { dns: { failure: 'nodata', scope: 'all' } }),
      ...usEast1ElbErrorSites(
        { hostname: 'slack.com', address: '198.19.11.10' },
        { hostname: 'ring.com', address: '198.19.11.11' },
      ),
    ]);
    const run = await lab().check(labConfig(lab(), [DYNAMODB_US_EAST_1, 'slack', 'ring', ...BYSTANDER_APPS]));
    // The endpoint resolves nowhere, yet its own name says AWS us-east-1: it is one of the outage's apps.
    assertVerdict(run, US_EAST_1_OUTAGE_VERDICT);
    assert.equal(run.diagnosis.findings.length, 1, describeRun(run));
    const endpoint = run.diagnosis.apps.find((a) => a.id === 'dynamodb');
    assert.deepEqual([endpoint?.status, endpoint?.layer, endpoint?.provider], ['down', 'dns', 'aws'], describeRun(run));
  });

  test('Facebook, 4 Oct 2021: SERVFAIL for its names at every resolver: provider-outage meta at the DNS layer', async () => {
    // Source: Facebook Engineering, "More details about the October 4 outage".
    // A backbone change disconnected Facebook's data centres; its DNS servers
    // withdrew their BGP routes, so every resolver in the world answered SERVFAIL
    // for facebook.com, instagram.com and whatsapp.com while the rest worked.
    const servfailEverywhere = { failure: 'servfail', scope: 'all' } as const;
    await lab().setSites([
      ...BYSTANDER_SITES,
      site('facebook', 'www.facebook.com', '198.19.12.10', {
        cnameChain: ['star-mini.c10r.facebook.com'],
        dns: servfailEverywhere,
      }),
      site('instagram', 'www.instagram.com', '198.19.12.11', {
        cnameChain: ['z-p42-instagram.c10r.instagram.com'],
        dns: servfailEverywhere,
      }),
      site('whatsapp', 'web.whatsapp.com', '198.19.12.12', {
        cnameChain: ['mmx-ds.cdn.whatsapp.net'],
        dns: servfailEverywhere,
      }),
    ]);
    const run = await lab().check(labConfig(lab(), ['facebook', 'instagram', 'whatsapp', ...BYSTANDER_APPS]));
    assertVerdict(run, {
      scope: 'upstream',
      kind: 'provider-outage',
      layer: 'dns',
      provider: 'meta',
      apps: ['facebook', 'instagram', 'whatsapp'],
    });
    // Not the user's resolver: the public ones fail the same names.
    assert.ok(!run.diagnosis.findings.some((f) => f.kind === 'dns-local'), describeRun(run));
  });

  test('Fastly, 8 Jun 2021: many sites answer "Error 503 Service Unavailable" from Varnish: provider-outage fastly', async () => {
    // Source: Fastly, "Summary of June 8 outage". A customer's valid config
    // change triggered a bug; 85% of Fastly's network returned errors, and sites
    // behind it showed Varnish's "Error 503 Service Unavailable" page.
    const varnish503 = (node: string) =>
      htmlPage(
        503,
        { via: '1.1 varnish', 'x-served-by': `cache-${node}`, 'x-cache': 'MISS', 'retry-after': '0' },
        '<html><head><title>503 Service Unavailable</title></head><body><h1>Error 503 Service Unavailable</h1><p>Service Unavailable</p><h3>Guru Meditation:</h3><hr><p>Varnish cache server</p></body></html>',
      );
    await lab().setSites([
      ...BYSTANDER_SITES,
      site('nytimes', 'www.nytimes.com', '198.19.13.10', {
        cnameChain: ['nytimes.map.fastly.net'],
        http: varnish503('iad-kiad7000123-IAD'),
      }),
      site('govuk', 'www.gov.uk', '198.19.13.11', {
        cnameChain: ['www-gov-uk.map.fastly.net'],
        http: varnish503('lcy19231-LCY'),
      }),
      site('guardian', 'www.theguardian.com', '198.19.13.12', { http: varnish503('lhr7331-LHR') }),
    ]);
    const news = (id: string, name: string, url: string) => ({ id, name, url });
    const run = await lab().check(
      labConfig(lab(), [
        news('nytimes', 'The New York Times', 'https://www.nytimes.com/'),
        news('govuk', 'GOV.UK', 'https://www.gov.uk/'),
        news('guardian', 'The Guardian', 'https://www.theguardian.com/'),
        ...BYSTANDER_APPS,
      ]),
    );
    assertVerdict(run, {
      scope: 'upstream',
      kind: 'provider-outage',
      layer: 'http',
      provider: 'fastly',
      apps: ['govuk', 'guardian', 'nytimes'],
    });
  });
});
