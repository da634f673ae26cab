import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateOpa, OPA_VERSION, OpaNotFoundError } from '../../../../src/cli/build/opa-cli.js';

async function fakeOpa(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'opa');
  await writeFile(path, '#!/bin/sh\n');
  await chmod(path, 0o755);
  return path;
}

describe('locating the opa CLI', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'profilegate-opa-'));
  });

  it('prefers PROFILEGATE_OPA, then the provisioned cache, then PATH', async () => {
    const explicit = await fakeOpa(join(base, 'explicit'));
    const cached = await fakeOpa(join(base, 'cache', `opa-${OPA_VERSION}`));
    const onPath = await fakeOpa(join(base, 'bin'));
    const env = { PROFILEGATE_CACHE: join(base, 'cache'), PATH: join(base, 'bin') };
    assert.equal(locateOpa({ ...env, PROFILEGATE_OPA: explicit }), explicit);
    assert.equal(locateOpa(env), cached);
    assert.equal(locateOpa({ PATH: `/nonexistent:${join(base, 'bin')}`, HOME: base }), onPath);
  });

  it('uses $HOME/.cache/profilegate when PROFILEGATE_CACHE is unset', async () => {
    const cached = await fakeOpa(join(base, '.cache', 'profilegate', `opa-${OPA_VERSION}`));
    assert.equal(locateOpa({ HOME: base, PATH: '' }), cached);
  });

  it('rejects a PROFILEGATE_OPA that is not executable', () => {
    assert.throws(
      () => locateOpa({ PROFILEGATE_OPA: join(base, 'missing') }),
      /PROFILEGATE_OPA=.*missing is not an executable/,
    );
  });

  it('names all three places when nothing is found', () => {
    assert.throws(
      () => locateOpa({ HOME: base, PATH: '/nonexistent' }),
      (e: unknown) =>
        e instanceof OpaNotFoundError &&
        e.message.includes('PROFILEGATE_OPA') &&
        e.message.includes(join(base, '.cache', 'profilegate', `opa-${OPA_VERSION}`, 'opa')) &&
        e.message.includes('opa on PATH'),
    );
  });
});
