import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryProfileStore } from '../../../src/profile/directory-profile-store.js';
import { ProfileLoadError } from '../../../src/profile/profile-files.js';
import { FIXTURES } from './helpers.js';

const webYaml = readFileSync(new URL('deployment-web.yaml', FIXTURES), 'utf8');

function profileJson(name: string, namespace?: string): string {
  return JSON.stringify({
    apiVersion: 'profilegate.dev/v1alpha1',
    kind: 'WorkloadProfile',
    metadata:
      namespace === undefined ? { name: `deployment-${name}` } : { name: `deployment-${name}`, namespace },
    spec: {
      workload: { kind: 'Deployment', name },
      containers: [{ name }],
      observation: { firstSeen: '2025-11-20T08:00:00Z', lastSeen: '2025-11-21T08:00:00Z' },
    },
    status: { phase: 'learning' },
  });
}

describe('DirectoryProfileStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'profiles-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads YAML and JSON files and matches on namespace, kind and workload name', async () => {
    writeFileSync(join(dir, 'web.yaml'), webYaml);
    writeFileSync(join(dir, 'api.json'), profileJson('api'));
    writeFileSync(join(dir, 'README.txt'), 'not a profile');
    const store = await DirectoryProfileStore.load(dir);
    assert.equal(store.size, 2);
    assert.equal(
      store.get({ namespace: 'shop', kind: 'Deployment', name: 'web' })?.metadata.name,
      'deployment-web',
    );
    assert.equal(store.get({ namespace: 'other', kind: 'Deployment', name: 'web' }), undefined);
    assert.equal(store.get({ namespace: 'shop', kind: 'StatefulSet', name: 'web' }), undefined);
    // No namespace in the file: answers in every namespace.
    assert.equal(
      store.get({ namespace: 'anything', kind: 'Deployment', name: 'api' })?.spec.containers[0]?.name,
      'api',
    );
  });

  it('reads several YAML documents from one file', async () => {
    writeFileSync(join(dir, 'all.yaml'), `${profileJson('a', 'x')}\n---\n${profileJson('b', 'x')}\n---\n`);
    const store = await DirectoryProfileStore.load(dir);
    assert.equal(store.size, 2);
  });

  it('keeps unquoted timestamps as strings (the YAML core schema) and names the line of invalid YAML', async () => {
    writeFileSync(join(dir, 'web.yaml'), webYaml.replace(/'(2025-11-2\dT[0-9:]+Z)'/g, '$1'));
    const store = await DirectoryProfileStore.load(dir);
    assert.equal(
      store.get({ namespace: 'shop', kind: 'Deployment', name: 'web' })?.spec.observation.firstSeen,
      '2025-11-20T08:00:00Z',
    );
    writeFileSync(join(dir, 'web.yaml'), 'spec:\n  containers: [a\n  x: }\n');
    await assert.rejects(DirectoryProfileStore.load(dir), (error: unknown) => {
      assert.ok(error instanceof ProfileLoadError);
      assert.match(error.problems[0] ?? '', /web\.yaml: not valid YAML \(.+ at line \d+\)$/);
      return true;
    });
  });

  it('names the file, document and field of every problem', async () => {
    const bad = webYaml
      .replace('NET_BIND_SERVICE', 'cap_net_bind_service')
      .replace('phase: complete', 'phase: done');
    writeFileSync(join(dir, 'web.yaml'), bad);
    writeFileSync(join(dir, 'broken.json'), '{');
    await assert.rejects(DirectoryProfileStore.load(dir), (error: unknown) => {
      assert.ok(error instanceof ProfileLoadError);
      assert.equal(error.problems.length, 3);
      assert.match(error.problems[0] ?? '', /broken\.json: not valid JSON/);
      assert.match(error.message, /web\.yaml: spec\.containers\.0\.capabilities\.1: a capability name/);
      assert.match(error.message, /web\.yaml: status\.phase: /);
      return true;
    });
  });

  it('rejects two profiles of the same workload', async () => {
    writeFileSync(join(dir, 'a.json'), profileJson('api', 'x'));
    writeFileSync(join(dir, 'b.json'), profileJson('api', 'x'));
    await assert.rejects(
      DirectoryProfileStore.load(dir),
      /b\.json: profile of x\/Deployment\/api is already defined in .*a\.json/,
    );
  });

  it('keeps the last good profiles when a reload fails, and reloads on change', async () => {
    writeFileSync(join(dir, 'a.json'), profileJson('api', 'x'));
    const store = await DirectoryProfileStore.load(dir);
    writeFileSync(join(dir, 'b.json'), '{"half":');
    await assert.rejects(store.reload(), ProfileLoadError);
    assert.equal(store.size, 1);

    const errors: unknown[] = [];
    store.watch((e) => errors.push(e), 20);
    try {
      writeFileSync(join(dir, 'b.json'), profileJson('db', 'x'));
      const deadline = Date.now() + 3000;
      const loaded = (): number => store.size;
      while (loaded() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      assert.equal(store.size, 2);
      assert.ok(store.get({ namespace: 'x', kind: 'Deployment', name: 'db' }));
    } finally {
      store.close();
    }
  });
});
