import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { test } from 'node:test';
import { createTestCa } from './test-ca';

test('the CA issues leaf certificates for names and IPs that chain to it', async () => {
  const ca = await createTestCa();
  const root = new X509Certificate(ca.caCertPem);
  assert.equal(root.ca, true);
  assert.equal(root.subject, 'CN=Outage Watch Test CA');

  const leaf = await ca.issueCertificate({ hostnames: ['app.test', '*.cdn.test', '127.0.0.1', '::1'] });
  const cert = new X509Certificate(leaf.certPem);
  assert.equal(cert.ca, false);
  assert.equal(cert.subject, 'CN=app.test');
  assert.ok(cert.checkIssued(root));
  assert.ok(cert.verify(root.publicKey));
  assert.equal(cert.checkHost('app.test'), 'app.test');
  assert.equal(cert.checkHost('x.cdn.test'), '*.cdn.test');
  assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(cert.checkHost('other.test'), undefined);
  assert.ok(cert.checkPrivateKey(createPrivateKey(leaf.keyPem)));
});

test('validity dates are taken as given, so expired certificates can be made', async () => {
  const ca = await createTestCa();
  const notBefore = new Date('2020-01-01T00:00:00Z');
  const notAfter = new Date('2020-02-01T00:00:00Z');
  const cert = new X509Certificate(
    (await ca.issueCertificate({ hostnames: ['old.test'], notBefore, notAfter })).certPem,
  );
  assert.equal(new Date(cert.validFrom).toISOString(), notBefore.toISOString());
  assert.equal(new Date(cert.validTo).toISOString(), notAfter.toISOString());
});

test('two CAs are different roots, and a certificate needs a name', async () => {
  const [a, b] = await Promise.all([createTestCa(), createTestCa()]);
  const leaf = new X509Certificate((await a.issueCertificate({ hostnames: ['a.test'] })).certPem);
  assert.equal(leaf.verify(new X509Certificate(b.caCertPem).publicKey), false);
  await assert.rejects(a.issueCertificate({ hostnames: [] }), /at least one hostname/);
});
