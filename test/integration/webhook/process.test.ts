import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { reviewFixture } from '../../support/fixtures.js';
import { ensureDevCertificate } from '../../../webhook/tls/dev-certificate.js';

interface Started {
  child: ChildProcess;
  port: number;
  stderr: () => string;
}

function startProcess(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'webhook/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        if (!line.includes('"msg":"listening"')) continue;
        resolve({ child, port: (JSON.parse(line) as { port: number }).port, stderr: () => stderr });
      }
    });
    child.once('exit', (code) => reject(new Error(`webhook exited with ${code}: ${stderr}`)));
  });
}

describe('webhook process', function () {
  this.timeout(60_000);

  it('exits with a message naming each invalid setting', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'webhook/main.ts'], {
      env: { PATH: process.env.PATH ?? '', PROFILEGATE_MODE: 'block', PROFILEGATE_PORT: '-1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    assert.equal(code, 1);
    assert.match(stderr, /invalid configuration \(environment\)/);
    assert.match(stderr, /server\.port: Too small/);
    assert.match(stderr, /mode: Invalid option: expected one of "enforce"\|"warn"\|"audit"/);
  });

  it('finishes an in-flight review after SIGTERM, then exits 0', async () => {
    const certDir = mkdtempSync(join(tmpdir(), 'pg-proc-'));
    const files = await ensureDevCertificate(certDir);
    const { child, port } = await startProcess({
      PROFILEGATE_HOST: '127.0.0.1',
      PROFILEGATE_PORT: '0',
      PROFILEGATE_METRICS_PORT: '0',
      PROFILEGATE_TLS_CERT: files.certFile,
      PROFILEGATE_TLS_KEY: files.keyFile,
    });
    const body = JSON.stringify(reviewFixture('pod-privileged'));
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/validate',
          servername: 'localhost',
          ca: readFileSync(files.certFile),
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      // Half the body now, SIGTERM, then the rest: the review is in flight during shutdown.
      req.write(body.slice(0, 100));
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(100)), 300);
      }, 200);
    });
    const exited = once(child, 'exit') as Promise<[number]>;
    const result = await answer;
    assert.equal(result.status, 200);
    assert.match(result.text, /pss-privileged/);
    const [code] = await exited;
    assert.equal(code, 0);
  });
});
