import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { unknownFields, unknownFieldWarnings } from '../../../src/cli/shared/unknown-fields.js';
import schema from '../../../src/cli/shared/kubernetes-fields.json' with { type: 'json' };

const ROOT = join(import.meta.dirname, '..', '..', '..');

const deployment = (containerExtra: string, podExtra = '') =>
  parse(`apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop, labels: { any-label: x }, annotations: { a.b/c: d } }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx
          resources: { limits: { cpu: "1", memory: 1Gi } }
          env: [{ name: A, valueFrom: { fieldRef: { fieldPath: metadata.name } } }]
${containerExtra}
      nodeSelector: { disk: ssd }
${podExtra}
`) as Record<string, unknown>;

describe('unknown fields (kube-apiserver OpenAPI schema)', () => {
  it('comes from the pinned kube-apiserver', () => {
    const pin = /^K8S_VERSION=(\S+)$/m.exec(
      readFileSync(join(ROOT, 'scripts', 'provision-toolchain.sh'), 'utf8'),
    );
    assert.equal(schema.source, `kube-apiserver ${pin?.[1] ?? '?'} /openapi/v3`);
  });

  it('finds nothing in a valid Deployment: maps, quantities and lists of objects are known (negative control)', () => {
    assert.deepEqual(unknownFields(deployment('')), []);
  });

  const typos: [string, string, string, { path: string; suggestion?: string }][] = [
    [
      'a container field',
      '          securityContxt: { privileged: true }',
      '',
      { path: 'spec.template.spec.containers[0].securityContxt', suggestion: 'securityContext' },
    ],
    [
      'a field in a list inside a container',
      '          ports: [{ containerPort: 80, protocl: TCP }]',
      '',
      { path: 'spec.template.spec.containers[0].ports[0].protocl', suggestion: 'protocol' },
    ],
    [
      'a pod field with another case',
      '',
      '      hostpid: true',
      { path: 'spec.template.spec.hostpid', suggestion: 'hostPID' },
    ],
    ['a field with no near name', '', '      frobnicate: true', { path: 'spec.template.spec.frobnicate' }],
  ];
  for (const [name, container, pod, expected] of typos) {
    it(`names ${name}`, () => {
      assert.deepEqual(unknownFields(deployment(container, pod)), [expected]);
    });
  }

  it('checks every kind ProfileGate judges, and no other', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      spec: { containers: [{ name: 'a', imagePullPolicy: 'Always', imagePulPolicy: 1 }] },
    };
    assert.deepEqual(unknownFields(pod), [
      { path: 'spec.containers[0].imagePulPolicy', suggestion: 'imagePullPolicy' },
    ]);
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      spec: { jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', contaners: [] } } } } },
    };
    assert.deepEqual(unknownFields(cronJob), [
      { path: 'spec.jobTemplate.spec.template.spec.contaners', suggestion: 'containers' },
    ]);
    assert.deepEqual(
      unknownFields({ apiVersion: 'example.com/v1', kind: 'Widget', spec: { anything: 1 } }),
      [],
    );
  });

  it('words the warning as the API server does, with the file, line and object', () => {
    assert.deepEqual(
      unknownFieldWarnings({ file: 'deploy.yaml', line: 3 }, deployment('          imagePolicy: Always')),
      ['deploy.yaml:3: Deployment shop/web: unknown field "spec.template.spec.containers[0].imagePolicy"'],
    );
  });
});
