import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../webhook/config-loader.js';
import { InvalidConfigError } from '../../../src/config/config-schema.js';

function file(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pg-config-')), 'config.yaml');
  writeFileSync(path, content);
  return path;
}

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected an InvalidConfigError');
}

describe('loadConfig', () => {
  it('runs on embedded defaults with no file and no environment', () => {
    const config = loadConfig({});
    assert.equal(config.mode, 'enforce');
    assert.equal(config.level, 'baseline');
    assert.equal(config.server.port, 8443);
    assert.deepEqual(config.server.metrics, { enabled: true, port: 9090 });
    assert.equal(config.bundle.path, 'policies/bundle/bundle.tar.gz');
    assert.deepEqual(config.onPolicyError, { enforce: 'deny', warn: 'allow', audit: 'allow' });
  });

  it('lets the environment override the file', () => {
    const path = file('mode: audit\nserver:\n  port: 9443\n');
    const config = loadConfig({ PROFILEGATE_CONFIG: path, PROFILEGATE_MODE: 'warn' });
    assert.equal(config.mode, 'warn');
    assert.equal(config.server.port, 9443);
  });

  it('reports every invalid field by its path', () => {
    const path = file(
      'mode: block\nserver:\n  port: 70000\n  tls:\n    certFile: /a.crt\nprofile: {}\npolicies:\n  pss-privileged:\n    mode: loud\n',
    );
    assert.deepEqual(problems(() => loadConfig({ PROFILEGATE_CONFIG: path })).sort(), [
      '(root): Unrecognized key: "profile"',
      'mode: Invalid option: expected one of "enforce"|"warn"|"audit"',
      'policies.pss-privileged.mode: Invalid option: expected one of "enforce"|"warn"|"audit"',
      'server.port: Too big: expected number to be <=65535',
    ]);
  });

  it('checks fields that depend on each other', () => {
    assert.deepEqual(
      problems(() => loadConfig({ PROFILEGATE_TLS_CERT: '/tls.crt' })),
      ['server.tls.keyFile: certFile and keyFile must be set together'],
    );
    assert.deepEqual(
      problems(() => loadConfig({ PROFILEGATE_PROFILE_SOURCE: 'directory' })),
      ['profiles.directory: required when profiles.source is "directory"'],
    );
    assert.deepEqual(
      problems(() => loadConfig({ PROFILEGATE_PORT: '9090' })),
      ['server.metrics.port: must differ from server.port (9090): metrics have a port of their own'],
    );
    assert.equal(loadConfig({ PROFILEGATE_PORT: '0', PROFILEGATE_METRICS_PORT: '0' }).server.metrics.port, 0);
  });

  it('checks a bundle service and bundle verification, naming the field and what is allowed', () => {
    const path = file(
      'bundle:\n  service:\n    url: ftp://bundles\n    minDelaySeconds: 30\n    maxDelaySeconds: 10\n  verification:\n    keyFile: /k.pub\n    algorithm: RS1\n',
    );
    assert.deepEqual(problems(() => loadConfig({ PROFILEGATE_CONFIG: path })).sort(), [
      'bundle.service.minDelaySeconds: minDelaySeconds must not exceed maxDelaySeconds',
      'bundle.service.url: must be an http:// or https:// URL',
      'bundle.verification.algorithm: Invalid option: expected one of "RS256"|"RS384"|"RS512"|"PS256"|"PS384"|"PS512"|"ES256"|"ES384"|"ES512"|"HS256"|"HS384"|"HS512"',
    ]);
    const delays = file(
      'bundle:\n  service:\n    url: https://bundles/b.tar.gz\n    minDelaySeconds: 30\n    maxDelaySeconds: 10\n',
    );
    assert.deepEqual(
      problems(() => loadConfig({ PROFILEGATE_CONFIG: delays })),
      ['bundle.service.minDelaySeconds: minDelaySeconds must not exceed maxDelaySeconds'],
    );
    const ok = file(
      'bundle:\n  service:\n    url: https://bundles/b.tar.gz\n  verification:\n    keyFile: /k.pub\n',
    );
    const bundle = loadConfig({ PROFILEGATE_CONFIG: ok }).bundle;
    assert.deepEqual(bundle.service, {
      url: 'https://bundles/b.tar.gz',
      minDelaySeconds: 10,
      maxDelaySeconds: 20,
      timeoutSeconds: 10,
      maxBytes: 32 * 1024 * 1024,
    });
    assert.deepEqual(bundle.verification, { keyFile: '/k.pub', algorithm: 'RS256', scope: '' });
  });

  it('names a malformed environment variable', () => {
    assert.deepEqual(
      problems(() => loadConfig({ PROFILEGATE_PORT: 'https' })),
      ['PROFILEGATE_PORT: must be a number, got "https"'],
    );
  });

  it('names an unreadable file', () => {
    assert.match(
      problems(() => loadConfig({ PROFILEGATE_CONFIG: '/nonexistent/profilegate.yaml' }))[0] ?? '',
      /cannot read the file/,
    );
  });
});
