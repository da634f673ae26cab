import { readFileSync } from 'node:fs';
import { parseProfileText } from '../../../src/profile/profile-files.js';
import type { WorkloadProfile } from '../../../src/profile/workload-profile.js';
import type { WorkloadView } from '../../../src/admission/workload-view.js';

export const FIXTURES = new URL('../../fixtures/profiles/', import.meta.url);

export function fixtureProfile(name = 'deployment-web.yaml'): WorkloadProfile {
  const path = new URL(name, FIXTURES);
  const [profile] = parseProfileText(readFileSync(path, 'utf8'), path.pathname);
  if (profile === undefined) throw new Error(`no profile in ${name}`);
  return profile;
}

export const WEB_DIGEST = 'sha256:6f1bdf9f0e8c7d5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a';

export function webWorkload(images: Record<string, string> = {}): WorkloadView {
  return {
    kind: 'Deployment',
    name: 'web',
    namespace: 'shop',
    podMetadata: { labels: {}, annotations: {} },
    podSpecPointer: '/spec/template/spec',
    containerNames: ['exporter', 'web'],
    podSpec: {
      containers: [
        { name: 'web', image: images.web ?? `nginx@${WEB_DIGEST}` },
        { name: 'exporter', image: images.exporter ?? 'nginx/nginx-prometheus-exporter:1.3' },
      ],
    },
  };
}
