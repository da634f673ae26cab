/**
 * What the fuzz suite runs against: the real webhook over HTTPS with generated profiles in a
 * profile directory, and the real `profilegate eval` given the same configuration and profiles.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput, Mode } from '../../src/config/config-schema.js';
import { startTestWebhook, type TestWebhook } from '../support/webhook-harness.js';
import { runCli } from '../integration/cli/run-cli.js';
import type { GeneratedReview } from './admission-review-arbitrary.js';
import { sampleProfiles } from './profile-arbitrary.js';

export const MAX_CONTAINERS = 64;
export const DEADLINE_MS = 3000;
const IN_FLIGHT = 16;

export interface Response {
  uid: string;
  allowed: boolean;
  status?: { code: number; message: string };
  warnings?: string[];
  patch?: string;
}

export interface Answered {
  generated: GeneratedReview;
  validate: Response;
  mutate: Response;
  milliseconds: number;
}

export interface EvalEntry {
  allowed: boolean;
  message?: string;
  warnings: string[];
  patch: unknown[];
}

export interface FuzzTarget {
  webhook: TestWebhook;
  /** `profilegate eval` over these reviews, as the CLI's -o json results. */
  evaluate(reviews: readonly GeneratedReview[], options?: { withProfiles: boolean }): Promise<EvalEntry[]>;
  stop(): Promise<void>;
}

export async function startFuzzTarget(mode: Mode, seed: number): Promise<FuzzTarget> {
  const directory = mkdtempSync(join(tmpdir(), 'pg-fuzz-'));
  const profileDirectory = join(directory, 'profiles');
  mkdirSync(profileDirectory);
  for (const profile of sampleProfiles(seed, new Date())) {
    const file = `${String(profile.metadata.namespace)}-${profile.metadata.name}.json`;
    writeFileSync(join(profileDirectory, file), JSON.stringify(profile));
  }
  const config: ConfigInput = {
    mode,
    evaluation: { maxContainers: MAX_CONTAINERS, deadlineMs: DEADLINE_MS },
    profiles: { source: 'directory', directory: profileDirectory },
  };
  const configFile = join(directory, 'config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const webhook = await startTestWebhook(config);
  return {
    webhook,
    async evaluate(reviews, { withProfiles } = { withProfiles: true }) {
      const file = join(directory, 'reviews.yaml');
      writeFileSync(file, reviews.map((r) => JSON.stringify(r.review)).join('\n---\n'));
      const profiles = withProfiles ? ['--profile-dir', profileDirectory] : [];
      const run = await runCli(['eval', '-f', file, '--config', configFile, ...profiles, '-o', 'json']);
      assert.ok(run.code === 0 || run.code === 1, `eval exited ${run.code}: ${run.stderr}`);
      const { results } = JSON.parse(run.stdout) as { results: EvalEntry[] };
      assert.equal(results.length, reviews.length);
      return results;
    },
    stop: () => webhook.stop(),
  };
}

async function ask(webhook: TestWebhook, path: string, generated: GeneratedReview): Promise<Response> {
  const answer = await webhook.post(path, generated.review);
  assert.equal(answer.status, 200, `${path} answered HTTP ${answer.status}: ${answer.text}`);
  const body = answer.json() as { apiVersion: string; kind: string; response: Response };
  assert.equal(body.apiVersion, 'admission.k8s.io/v1');
  assert.equal(body.kind, 'AdmissionReview');
  assert.equal(body.response.uid, generated.review.request.uid);
  return body.response;
}

/** Both endpoints for every review, IN_FLIGHT reviews at a time, as an API server would call. */
export async function answerAll(
  webhook: TestWebhook,
  reviews: readonly GeneratedReview[],
): Promise<Answered[]> {
  const answered = new Array<Answered>(reviews.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < reviews.length) {
      const i = next++;
      const generated = reviews[i] as GeneratedReview;
      const started = performance.now();
      const [validate, mutate] = await Promise.all([
        ask(webhook, '/validate', generated),
        ask(webhook, '/mutate', generated),
      ]);
      answered[i] = { generated, validate, mutate, milliseconds: performance.now() - started };
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return answered;
}
