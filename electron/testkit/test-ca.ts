// A throw-away certificate authority for HTTPS fixtures (docs/contracts.md §6): made at
// run time with WebCrypto, trusted by probes through their `ca` option, never
// by turning verification off. ECDSA P-256 keeps generation in milliseconds.
import { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export interface IssueCertificateOptions {
  /** DNS names and IP literals the certificate covers (subjectAltName). The first is the common name. */
  hostnames: string[];
  notBefore?: Date;
  notAfter?: Date;
}

export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

export interface TestCa {
  caCertPem: string;
  issueCertificate(options: IssueCertificateOptions): Promise<IssuedCertificate>;
}

const crypto = webcrypto as unknown as Crypto;
const keyAlgorithm: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const signingAlgorithm: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const DAY_MS = 24 * 60 * 60 * 1000;

async function generateKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(keyAlgorithm, true, ['sign', 'verify']);
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function randomSerial(): string {
  // Positive 64-bit serial: a leading 0x01..0x7f byte keeps the DER integer positive.
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  bytes[0] = ((bytes[0] ?? 1) & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}

/** CN values may not hold every character; keep names to a safe alphabet. */
function commonName(name: string): string {
  return name.replace(/[^A-Za-z0-9 .\-:*]/g, '-');
}

export async function createTestCa(name = 'Outage Watch Test CA'): Promise<TestCa> {
  const caKeys = await generateKeys();
  const now = Date.now();
  const caCert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: `CN=${commonName(name)}`,
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + 30 * DAY_MS),
      keys: caKeys,
      signingAlgorithm,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );

  async function issueCertificate(options: IssueCertificateOptions): Promise<IssuedCertificate> {
    const first = options.hostnames[0];
    if (first === undefined) throw new Error('issueCertificate needs at least one hostname');
    const leafKeys = await generateKeys();
    const issuedAt = Date.now();
    const cert = await x509.X509CertificateGenerator.create(
      {
        serialNumber: randomSerial(),
        subject: `CN=${commonName(first)}`,
        issuer: caCert.subject,
        notBefore: options.notBefore ?? new Date(issuedAt - DAY_MS),
        notAfter: options.notAfter ?? new Date(issuedAt + 7 * DAY_MS),
        publicKey: leafKeys.publicKey,
        signingKey: caKeys.privateKey,
        signingAlgorithm,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
          new x509.SubjectAlternativeNameExtension(
            options.hostnames.map((host) => ({ type: isIP(host) ? ('ip' as const) : ('dns' as const), value: host })),
          ),
          await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
        ],
      },
      crypto,
    );
    return { certPem: cert.toString('pem'), keyPem: await privateKeyPem(leafKeys.privateKey) };
  }

  return { caCertPem: caCert.toString('pem'), issueCertificate };
}
