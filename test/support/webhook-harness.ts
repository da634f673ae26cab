/**
 * Starts the real webhook (same wiring as production) on 127.0.0.1:0 with a real
 * certificate, and posts to it over HTTPS trusting only that certificate.
 */
import { get as httpGet } from 'node:http';
import { request } from 'node:https';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { parseConfig } from '../../src/config/parse-config.js';
import type { ConfigInput } from '../../src/config/config-schema.js';
import { ensureDevCertificate } from '../../webhook/tls/dev-certificate.js';
import { startWebhook, type RunningWebhook } from '../../webhook/start-webhook.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): unknown;
}

export interface TestWebhook extends RunningWebhook {
  ca: Buffer;
  /** The serving pair's files, for tests of certificate reload. */
  certificateFiles: { certFile: string; keyFile: string };
  logs: Record<string, unknown>[];
  post(path: string, body: string | object, contentType?: string): Promise<HttpAnswer>;
  get(path: string): Promise<HttpAnswer>;
  /** GET on the metrics port (plain HTTP). */
  metricsGet(path?: string): Promise<HttpAnswer>;
}

export function httpCall(port: number, path: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    httpGet({ host: '127.0.0.1', port, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          json: () => JSON.parse(text) as unknown,
        });
      });
    }).on('error', reject);
  });
}

export function httpsCall(
  port: number,
  ca: Buffer | Buffer[],
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
  /** A client certificate to present; sent on a fresh connection (no pooled TLS session). */
  client?: { cert: Buffer; key: Buffer },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        ca,
        headers,
        servername: 'localhost',
        ...(client ? { ...client, agent: false } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text) as unknown,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function startTestWebhook(overrides: ConfigInput = {}): Promise<TestWebhook> {
  const certDir = mkdtempSync(join(tmpdir(), 'pg-it-cert-'));
  const files = await ensureDevCertificate(certDir);
  const config = parseConfig(
    {
      ...overrides,
      server: {
        host: '127.0.0.1',
        port: 0,
        shutdownGraceSeconds: 5,
        drainSeconds: 0,
        ...overrides.server,
        tls: { ...files, ...overrides.server?.tls },
        metrics: { port: 0, ...overrides.server?.metrics },
      },
      bundle: { watch: false, ...overrides.bundle },
    },
    'test',
  );
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const webhook = await startWebhook(config, pino({ level: 'debug' }, sink));
  const ca = readFileSync(files.certFile);
  return {
    ...webhook,
    ca,
    certificateFiles: files,
    logs,
    post: (path, body, contentType = 'application/json') =>
      httpsCall(webhook.port, ca, 'POST', path, typeof body === 'string' ? body : JSON.stringify(body), {
        'content-type': contentType,
      }),
    get: (path) => httpsCall(webhook.port, ca, 'GET', path),
    metricsGet: (path = '/metrics') => {
      if (webhook.metricsPort === undefined) throw new Error('metrics are disabled in this webhook');
      return httpCall(webhook.metricsPort, path);
    },
  };
}
