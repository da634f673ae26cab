import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { WasmPolicyEngine } from '../../../src/policy/wasm-engine.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { reviewRequest } from '../../../src/review/review-request.js';
import { verifyPatches } from '../../../src/hardening/verify-patches.js';
import { NO_NAMESPACE_LABELS, NO_PROFILES } from '../../../src/review/review-dependencies.js';
import type { AdmissionRequest } from '../../../src/admission/admission-review.js';

function documents(path: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
}

describe('manifests', () => {
  it('deploy a webhook that passes its own policies at the restricted level', async () => {
    const engine = await WasmPolicyEngine.fromBundle(readFileSync('policies/bundle/bundle.tar.gz'), 'bundle');
    // Judged as if its namespace were not exempt.
    const config = parseConfig({ level: 'restricted', exemptNamespaces: [] }, 'test');
    const deployment = documents('manifests/server/deployment.yaml').find((d) => d.kind === 'Deployment');
    assert.ok(deployment);
    const request: AdmissionRequest = {
      uid: 'own-deployment',
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'profilegate-webhook',
      namespace: 'profilegate-system',
      operation: 'CREATE',
      userInfo: { username: 'test' },
      object: deployment,
    };
    const deps = {
      config,
      engine: () => engine,
      namespaces: NO_NAMESPACE_LABELS,
      profiles: NO_PROFILES,
      patchVerifier: { verify: verifyPatches },
    };
    const outcome = await reviewRequest(request, 'validate', deps);
    assert.deepEqual(
      outcome.violations.map((v) => v.message),
      [],
    );
    assert.equal(outcome.response.allowed, true);
  });
});
