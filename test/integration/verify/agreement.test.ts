/** The safety net keeps a proposed patch exactly when verify shows the program keeps working under it. */
import assert from 'node:assert/strict';
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
      assert.ok(results.length >= 2, JSON.stringify(results));
      for (const r of results) {
        assert.equal(r.verdict === 'kept working', r.modelKeeps, JSON.stringify(r));
      }
    });
  }
});
