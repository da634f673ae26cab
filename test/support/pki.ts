import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function openssl(args: readonly string[]): Promise<void> {
  await run('openssl', [...args]);
}

export interface CertificateAuthority {
  readonly certFile: string;
  readonly keyFile: string;
  /** PEM of the CA certificate. */
  readonly pem: string;
}

export interface ServingCertificate {
  readonly certFile: string;
  readonly keyFile: string;
}

/** A self-signed CA for one test run. */
export async function createCertificateAuthority(dir: string, name: string): Promise<CertificateAuthority> {
  const certFile = join(dir, `${name}-ca.crt`);
  const keyFile = join(dir, `${name}-ca.key`);
  // prettier-ignore
  await openssl([
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
    '-subj', `/CN=${name}-ca`, '-keyout', keyFile, '-out', certFile,
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return { certFile, keyFile, pem: await readFile(certFile, 'utf8') };
}

/**
 * A serving certificate signed by `ca`, with SANs for 127.0.0.1 and localhost plus `extraSans`
 * (openssl syntax: `IP:10.96.0.1`, `DNS:name.ns.svc`).
 */
export function createServingCertificate(
  ca: CertificateAuthority,
  dir: string,
  name: string,
  extraSans: readonly string[] = [],
): Promise<ServingCertificate> {
  return signedCertificate(ca, dir, name, name, [
    `subjectAltName=${['IP:127.0.0.1', 'DNS:localhost', ...extraSans].join(',')}`,
    'extendedKeyUsage=serverAuth',
  ]);
}

/** A key and a certificate for `commonName` that `ca` signs with `extensions` (openssl syntax). */
async function signedCertificate(
  ca: CertificateAuthority,
  dir: string,
  name: string,
  commonName: string,
  extensions: readonly string[],
): Promise<ServingCertificate> {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  const csrFile = join(dir, `${name}.csr`);
  const extFile = join(dir, `${name}.ext`);
  await writeFile(
    extFile,
    [
      ...extensions,
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'basicConstraints=critical,CA:FALSE',
    ].join('\n'),
  );
  // prettier-ignore
  await openssl([
    'req', '-new', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${commonName}`,
    '-keyout', keyFile, '-out', csrFile,
  ]);
  // prettier-ignore
  await openssl([
    'x509', '-req', '-in', csrFile, '-CA', ca.certFile, '-CAkey', ca.keyFile,
    '-CAcreateserial', '-days', '2', '-sha256', '-extfile', extFile, '-out', certFile,
  ]);
  return { certFile, keyFile };
}

/** An RSA key pair for signing service-account tokens. */
export async function createSigningKey(dir: string, name: string): Promise<string> {
  const keyFile = join(dir, `${name}.key`);
  await openssl(['genrsa', '-out', keyFile, '2048']);
  return keyFile;
}

/** A client certificate signed by `ca` for `commonName`, e.g. the API server's to a webhook. */
export function createClientCertificate(
  ca: CertificateAuthority,
  dir: string,
  commonName: string,
): Promise<ServingCertificate> {
  return signedCertificate(ca, dir, `${commonName}-client`, commonName, ['extendedKeyUsage=clientAuth']);
}
