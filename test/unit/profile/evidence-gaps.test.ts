import assert from 'node:assert/strict';
import { evidenceGaps, withEvidenceGaps, type RuntimeFinding } from '../../../src/profile/evidence-gaps.js';
import {
  DEFAULT_EVIDENCE_MINIMUMS,
  type EvidenceMinimums,
} from '../../../src/profile/evidence-sufficiency.js';
import { importApplicationProfile } from '../../../src/profile/kubescape-mapping.js';
import { judgeProfile } from '../../../src/profile/profile-view.js';
import type { WorkloadProfile } from '../../../src/profile/workload-profile.js';
import { fixtureProfile, WEB_DIGEST, webWorkload } from './helpers.js';

const NOW = new Date('2025-11-27T00:00:00Z');
const EXPORTER =
  'nginx/nginx-prometheus-exporter@sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';
const BOUND = { exporter: EXPORTER };

const CAPABILITIES: RuntimeFinding = { containers: ['web'], reliesOn: ['capabilities', 'syscalls'] };
const TOKEN: RuntimeFinding = {
  containers: [],
  reliesOn: ['readPaths', 'writePaths', 'executables', 'serviceAccountTokenReads'],
};

function edited(edit: (p: WorkloadProfile) => void): WorkloadProfile {
  const profile = fixtureProfile();
  edit(profile);
  return profile;
}

/** A `profilegate profile` recording of `seconds` that ended as `end`. */
function recording(end: { exitCode?: number; exitSignal?: string }, seconds = 5): WorkloadProfile {
  return edited((p) => {
    p.spec.source = { type: 'recording', ...end };
    p.spec.observation.podsObserved = 0;
    p.spec.observation.firstSeen = '2025-11-26T23:00:00.000Z';
    p.spec.observation.lastSeen = new Date(Date.parse('2025-11-26T23:00:00Z') + seconds * 1000).toISOString();
  });
}

function gaps(
  profile: WorkloadProfile,
  finding: RuntimeFinding,
  images: Record<string, string> = BOUND,
  minimums: EvidenceMinimums = DEFAULT_EVIDENCE_MINIMUMS,
): string[] {
  const view = judgeProfile(profile, webWorkload(images), NOW);
  assert.ok(view);
  return evidenceGaps(view, finding, minimums);
}

describe('evidenceGaps: what keeps runtime evidence from denying or patching', () => {
  const table: [string, WorkloadProfile, RuntimeFinding, Record<string, string>, string[]][] = [
    [
      'an agent profile of 6 days, 14 pods, bound by digest: none (control)',
      fixtureProfile(),
      CAPABILITIES,
      BOUND,
      [],
    ],
    ['a pod-level finding checks every profiled container (control)', fixtureProfile(), TOKEN, BOUND, []],
    [
      'a profile without spec.source',
      edited((p) => delete p.spec.source),
      CAPABILITIES,
      BOUND,
      ['the profile does not record its source (spec.source)'],
    ],
    ['a recording that exited 0 (control)', recording({ exitCode: 0 }), CAPABILITIES, BOUND, []],
    [
      'a recording that failed: sh -c "exit 3"',
      recording({ exitCode: 3 }),
      CAPABILITIES,
      BOUND,
      ['the recording exited with status 3'],
    ],
    [
      'a recording of a program that does not exist (exit 127)',
      recording({ exitCode: 127 }),
      CAPABILITIES,
      BOUND,
      ['the recording exited with status 127'],
    ],
    [
      'a server stopped by SIGTERM, an expected signal (control)',
      recording({ exitSignal: 'SIGTERM' }),
      CAPABILITIES,
      BOUND,
      [],
    ],
    [
      'a recording killed by SIGKILL',
      recording({ exitSignal: 'SIGKILL' }),
      CAPABILITIES,
      BOUND,
      ['the recording was ended by SIGKILL'],
    ],
    [
      'a recording that does not say how it ended',
      recording({}),
      CAPABILITIES,
      BOUND,
      ['the recording does not record its exit status'],
    ],
    [
      'a 1-second CI recording and the service-account token',
      recording({ exitCode: 0 }, 1),
      TOKEN,
      BOUND,
      [
        'a recording outside the cluster (profilegate profile) cannot observe service-account token reads (no token is mounted)',
      ],
    ],
    [
      'an agent profile shorter than the minimum',
      edited((p) => (p.spec.observation.lastSeen = '2025-11-20T08:00:00.800Z')),
      CAPABILITIES,
      BOUND,
      ['observed 0.8 s of the required 3600 s'],
    ],
    [
      'an agent profile that saw no pod',
      edited((p) => (p.spec.observation.podsObserved = 0)),
      CAPABILITIES,
      BOUND,
      ['observed 0 pods of the required 1'],
    ],
    [
      'lost kernel events',
      edited((p) => (p.spec.observation.eventsLost = 12)),
      CAPABILITIES,
      BOUND,
      ['12 kernel events were lost'],
    ],
    [
      'a tag-only image in the pod spec',
      fixtureProfile(),
      CAPABILITIES,
      { web: 'nginx:1.27', exporter: EXPORTER },
      ['container "web" runs image "nginx:1.27", which pins no digest (name@sha256:…)'],
    ],
    [
      'a tag-only sidecar fails a pod-level finding',
      fixtureProfile(),
      TOKEN,
      {},
      [
        'container "exporter" runs image "nginx/nginx-prometheus-exporter:1.3", which pins no digest (name@sha256:…)',
      ],
    ],
    [
      'a profile that recorded no digest (a CI recording without --image)',
      edited((p) => delete p.spec.containers[0]?.imageDigest),
      CAPABILITIES,
      BOUND,
      ['the profile records no image digest for container "web"'],
    ],
    [
      'a field the rule relies on did not fit its bound',
      edited((p) => {
        const web = p.spec.containers[0];
        if (web) web.incomplete = ['syscalls'];
      }),
      CAPABILITIES,
      BOUND,
      ['container "web" observed more syscalls than the profile holds (incomplete)'],
    ],
    [
      'a cut field the rule does not rely on (control)',
      edited((p) => {
        const web = p.spec.containers[0];
        if (web) web.incomplete = ['outboundPeers'];
      }),
      CAPABILITIES,
      BOUND,
      [],
    ],
    [
      'a finding that names no facts relies on all of them',
      fixtureProfile(),
      { containers: ['web'] },
      BOUND,
      ['the node agent cannot observe host namespace use (the recorder does not record it)'],
    ],
  ];
  for (const [name, profile, finding, images, expected] of table) {
    it(name, () => assert.deepEqual(gaps(profile, finding, images), expected));
  }

  it('an empty Kubescape import: no syscalls, no exec, and what Kubescape cannot see', () => {
    const imported = importApplicationProfile({
      apiVersion: 'spdx.softwarecomposition.kubescape.io/v1beta1',
      kind: 'ApplicationProfile',
      metadata: {
        name: 'replicaset-web-7c9d8f6b5d',
        namespace: 'shop',
        creationTimestamp: '2025-11-26T20:00:00Z',
        labels: { 'kubescape.io/workload-kind': 'Deployment', 'kubescape.io/workload-name': 'web' },
        annotations: { 'kubescape.io/status': 'completed', 'kubescape.io/completion': 'complete' },
      },
      spec: { containers: [{ name: 'web' }, { name: 'exporter' }] },
    });
    assert.deepEqual(
      gaps(
        imported,
        { containers: ['web'], reliesOn: ['capabilities', 'privilegeTransitions'] },
        {
          web: `nginx@${WEB_DIGEST}`,
          exporter: EXPORTER,
        },
      ),
      [
        'container "web" recorded no syscalls',
        'container "web" recorded no exec',
        'the profile records no image digest for container "web"',
        'a Kubescape import cannot observe setuid/setgid transitions',
      ],
    );
  });

  it("an old Kubescape import goes stale: its lastSeen is Kubescape's, not the import time", () => {
    const imported = importApplicationProfile({
      apiVersion: 'spdx.softwarecomposition.kubescape.io/v1beta1',
      kind: 'ApplicationProfile',
      metadata: {
        name: 'replicaset-web-7c9d8f6b5d',
        namespace: 'shop',
        creationTimestamp: '2025-10-01T00:00:00Z',
        labels: { 'kubescape.io/workload-kind': 'Deployment', 'kubescape.io/workload-name': 'web' },
        annotations: { 'kubescape.io/status': 'completed', 'kubescape.io/completion': 'complete' },
      },
      spec: {
        containers: [
          { name: 'web', syscalls: ['read'], execs: [{ path: '/usr/sbin/nginx' }] },
          { name: 'exporter' },
        ],
      },
    });
    const view = judgeProfile(imported, webWorkload(BOUND), NOW);
    assert.equal(view?.maturity, 'stale');
    assert.equal(view.maturityReason, 'last observed 1368h ago (max 168h)');
  });

  it('the minimums are configurable', () => {
    const strict = {
      ...DEFAULT_EVIDENCE_MINIMUMS,
      minObservedSeconds: { agent: 0, recording: 60, kubescape: 0 },
    };
    assert.deepEqual(gaps(recording({ exitCode: 0 }, 12), CAPABILITIES, BOUND, strict), [
      'observed 12 s of the required 60 s',
    ]);
    const busy = { ...DEFAULT_EVIDENCE_MINIMUMS, minSyscalls: 100, minPodsObserved: 20 };
    assert.deepEqual(gaps(fixtureProfile(), CAPABILITIES, BOUND, busy), [
      'observed 14 pods of the required 20',
      'container "web" recorded 70 syscalls of the required 100',
    ]);
  });

  it('the message of a finding short of evidence names every gap', () => {
    assert.equal(
      withEvidenceGaps('container "web" requests NET_ADMIN, never used', []),
      'container "web" requests NET_ADMIN, never used',
    );
    assert.equal(
      withEvidenceGaps('container "web" requests NET_ADMIN, never used', [
        'the recording exited with status 3',
        'x',
      ]),
      'container "web" requests NET_ADMIN, never used; insufficient evidence to enforce: the recording exited with status 3; x',
    );
  });
});
