import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadToolchain } from '../../e2e/support/toolchain.js';

interface Deployment {
  kind: string;
  spec: {
    template: {
      spec: {
        volumes: { name: string; configMap?: { name: string } }[];
        containers: {
          env: { name: string; value?: string }[];
          volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
        }[];
      };
    };
  };
}

describe('deploy/components/bundle-configmap', () => {
  it('mounts the profilegate-bundle ConfigMap and points bundle.path at it, in any overlay', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-kustomize-'));
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        `resources: [${relative(dir, resolve('deploy/overlays/enforce'))}]`,
        `components: [${relative(dir, resolve('deploy/components/bundle-configmap'))}]`,
        '',
      ].join('\n'),
    );
    const out = execFileSync(
      loadToolchain().kubectl,
      ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', dir],
      { encoding: 'utf8' },
    );
    const deployment = parseAllDocuments(out)
      .map((d) => d.toJS() as Deployment)
      .find((d) => d.kind === 'Deployment');
    assert.ok(deployment);
    const pod = deployment.spec.template.spec;
    const webhook = pod.containers[0];
    assert.ok(webhook);
    assert.deepEqual(
      pod.volumes.find((v) => v.name === 'bundle'),
      { name: 'bundle', configMap: { name: 'profilegate-bundle' } },
    );
    assert.deepEqual(
      webhook.volumeMounts.find((m) => m.name === 'bundle'),
      { name: 'bundle', mountPath: '/etc/profilegate/bundle', readOnly: true },
    );
    assert.deepEqual(
      webhook.env.find((e) => e.name === 'PROFILEGATE_BUNDLE'),
      { name: 'PROFILEGATE_BUNDLE', value: '/etc/profilegate/bundle/bundle.tar.gz' },
    );
  });
});
