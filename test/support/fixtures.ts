import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const REVIEWS_DIR = join(import.meta.dirname, '..', 'fixtures', 'reviews');

/** A real AdmissionReview document from test/fixtures/reviews. */
export function reviewFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REVIEWS_DIR, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

export function reviewFixtureNames(): string[] {
  return readdirSync(REVIEWS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length));
}
