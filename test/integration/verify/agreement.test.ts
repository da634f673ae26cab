/** The safety net keeps a proposed patch exactly when verify shows the program keeps working under it. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { agreements } from './agreement.js';
import { PROGRAMS, record, stopHostServices, workDir, writeConfig, writeDeployment } from './helpers.js';

describe('the model (src/hardening) and verify agree on real programs, patch by patch', function () {
  this.timeout(600_000);
  let dir: string;
  let config: string;

  before(() => {
    dir = workDir();
    config = writeConfig(dir);
    stopHostServices();
  });

  for (const [name, script] of [
    ['nginx', 'nginx.sh'],
    ['redis', 'redis.sh'],
    ['http', 'http-server.sh'],
  ] as const) {
    it(name, async () => {
      const command = [join(PROGRAMS, script)];
      const profile = await record(dir, name, command);
      const results = await agreements(writeDeployment(dir, name), profile, config, name, command);
      // What the recording was, when no patch was proposed: its phase says why.
      const recorded = JSON.parse(readFileSync(profile, 'utf8')) as {
        status: unknown;
        spec: { source: unknown };
      };
      assert.ok(
        results.length >= 2,
        `${JSON.stringify(results)}: ${JSON.stringify([recorded.status, recorded.spec.source])}`,
      );
      for (const r of results) {
        assert.equal(r.verdict === 'kept working', r.modelKeeps, JSON.stringify(r));
      }
    });
  }
});
