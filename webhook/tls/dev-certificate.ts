/**
 * A self-signed certificate for `npm start` on a laptop: SANs localhost and 127.0.0.1,
 * kept under the dev-cert directory and reused while it is valid.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

export interface CertificateFiles {
  certFile: string;
  keyFile: string;
}

const VALID_DAYS = 30;

function stillValid(certFile: string): boolean {
  try {
    const cert = new X509Certificate(readFileSync(certFile));
    return new Date(cert.validTo).getTime() - Date.now() > 24 * 3600 * 1000;
  } catch {
    return false;
  }
}

export async function ensureDevCertificate(directory: string): Promise<CertificateFiles> {
  const files = { certFile: join(directory, 'tls.crt'), keyFile: join(directory, 'tls.key') };
  if (existsSync(files.keyFile) && stillValid(files.certFile)) return files;
  mkdirSync(directory, { recursive: true });
  const notAfter = new Date(Date.now() + VALID_DAYS * 24 * 3600 * 1000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    notAfterDate: notAfter,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  writeFileSync(files.keyFile, pems.private, { mode: 0o600 });
  writeFileSync(files.certFile, pems.cert);
  return files;
}
