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
