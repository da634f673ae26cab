/** The real review (shipped bundle, rule METADATA, hardening verifier) for report tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { AdmissionRequest } from '../../../src/admission/admission-review.js';
import type { ConfigInput } from '../../../src/config/config-schema.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { readRuleMetadataFile, type RuleMetadata } from '../../../src/cli/build/rule-metadata.js';
import { WasmPolicyEngine } from '../../../src/policy/wasm-engine.js';
import { readProfileFile } from '../../../src/profile/profile-files.js';
import { StaticProfileStore } from '../../../src/profile/profile-store.js';
import type { JudgedObject } from '../../../src/report/build-reports.js';
import { verifyPatches } from '../../../src/hardening/verify-patches.js';
import { NO_NAMESPACE_LABELS } from '../../../src/review/review-dependencies.js';
import { reviewRequest } from '../../../src/review/review-request.js';
import { StoreProfileLookup } from '../../../src/review/store-profile-lookup.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
/** Within the fixture profile's maxAgeHours, so it is complete. */
export const NOW = new Date('2025-11-27T00:00:00Z');

export interface Judge {
  rules: RuleMetadata[];
  config: ReturnType<typeof parseConfig>;
  judge(object: Record<string, unknown>, uid?: string): Promise<JudgedObject>;
}

export async function realJudge(input: ConfigInput = {}): Promise<Judge> {
  const config = parseConfig(input, 'test');
  const bundle = join(ROOT, 'policies', 'bundle', 'bundle.tar.gz');
  const engine = await WasmPolicyEngine.fromBundle(readFileSync(bundle), bundle);
  const rules = await readRuleMetadataFile(join(ROOT, 'policies', 'bundle', 'metadata.json'));
  const profiles = await readProfileFile(join(FIXTURES, 'profiles', 'deployment-web.yaml'));
  const deps = {
    config,
    engine: () => engine,
    namespaces: NO_NAMESPACE_LABELS,
    profiles: new StoreProfileLookup(
      new StaticProfileStore(profiles),
      config.profiles.maxAgeHours,
      () => NOW,
    ),
    patchVerifier: { verify: verifyPatches },
  };
  return {
    rules,
    config,
    async judge(object, uid) {
      const request = requestFor(object);
      const subject = {
        apiVersion: String(object.apiVersion),
        kind: request.kind.kind,
        name: request.name ?? '',
        namespace: request.namespace ?? '',
        ...(uid ? { uid } : {}),
      };
      return { subject, outcome: await reviewRequest(request, 'mutate', deps) };
    },
  };
}

function requestFor(object: Record<string, unknown>): AdmissionRequest {
  const apiVersion = String(object.apiVersion);
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const kind = String(object.kind);
  const metadata = object.metadata as { name: string; namespace: string };
  return {
    uid: 'report-test',
    kind: { group: group ?? '', version: version ?? '', kind },
    resource: { group: group ?? '', version: version ?? '', resource: `${kind.toLowerCase()}s` },
    name: metadata.name,
    namespace: metadata.namespace,
    operation: 'CREATE',
    userInfo: { username: 'report-test' },
    object,
    dryRun: true,
  };
}

export function manifest(path: string): Record<string, unknown> {
  return parse(readFileSync(join(FIXTURES, path), 'utf8')) as Record<string, unknown>;
}

/** A Deployment `name` in `namespace`, privileged or not. */
export function deployment(name: string, namespace: string, privileged: boolean): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'app',
              image:
                'example.com/app@sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
              securityContext: privileged
                ? { privileged: true }
                : { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    },
  };
}
