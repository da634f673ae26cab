import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const FIXTURE_DIR = join(import.meta.dirname, '..', 'fixtures');

/** A manifest from test/e2e/fixtures/, as text for `kubectl apply -f -`. */
export async function readFixture(name: string): Promise<string> {
  return readFile(join(FIXTURE_DIR, name), 'utf8');
}
