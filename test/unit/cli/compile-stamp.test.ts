import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStale } from '../../../scripts/compile.mjs';

function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'pg-stamp-'));
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'src', 'cli', 'main.ts'), 'export {};\n');
  return root;
}

function setTime(path: string, secondsAgo: number): void {
  const t = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(path, t, t);
}

describe('build stamp (scripts/compile.mjs)', () => {
  it('is stale without a stamp', () => {
    assert.equal(isStale(checkout()), true);
  });

  it('is fresh when every source is older than the stamp', () => {
    const root = checkout();
    setTime(join(root, 'src', 'cli', 'main.ts'), 60);
    writeFileSync(join(root, 'dist', '.build-stamp'), '');
    assert.equal(isStale(root), false);
  });

  it('is stale when a source in a subdirectory changed after the build', () => {
    const root = checkout();
    writeFileSync(join(root, 'dist', '.build-stamp'), '');
    setTime(join(root, 'dist', '.build-stamp'), 60);
    assert.equal(isStale(root), true);
  });

  it('ignores files that are not TypeScript', () => {
    const root = checkout();
    setTime(join(root, 'src', 'cli', 'main.ts'), 60);
    writeFileSync(join(root, 'dist', '.build-stamp'), '');
    setTime(join(root, 'dist', '.build-stamp'), 30);
    writeFileSync(join(root, 'src', 'cli', 'notes.txt'), 'edited now');
    assert.equal(isStale(root), false);
  });
});
