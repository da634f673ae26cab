import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

type Json = Record<string, unknown>;
interface Webhook {
  name: string;
  failurePolicy: string;
  namespaceSelector: { matchExpressions: { key: string; operator: string; values: string[] }[] };
}

function kubectl(): string {
  const cache = process.env.PROFILEGATE_CACHE ?? join(homedir(), '.cache', 'profilegate');
  const bin = /^PROFILEGATE_KUBECTL=(.*)$/m.exec(readFileSync(join(cache, 'toolchain.env'), 'utf8'))?.[1];
  assert.ok(bin, 'the toolchain provides kubectl');
  return bin;
}

function render(mode: string): Json[] {
  const out = execFileSync(kubectl(), ['kustomize', join('deploy', 'overlays', mode)], { encoding: 'utf8' });
  return parseAllDocuments(out).map((d) => d.toJS() as Json);
}

function summary(docs: Json[]) {
  const validating = docs.find((d) => d.kind === 'ValidatingWebhookConfiguration') as { webhooks: Webhook[] };
  const config = docs.find(
    (d) => d.kind === 'ConfigMap' && (d.metadata as Json).name === 'profilegate-config',
  );
  return {
    mode: (parse((config?.data as Json)['config.yaml'] as string) as Json).mode,
    webhooks: validating.webhooks.map((w) => [
      w.name,
      w.failurePolicy,
      w.namespaceSelector.matchExpressions.find((e) => e.key === 'profilegate.dev/mode'),
    ]),
  };
}

describe('deploy/overlays: failurePolicy follows the mode', () => {
  for (const mode of ['audit', 'warn']) {
    it(`${mode}: Ignore, except namespaces labelled enforce (Fail)`, () => {
      assert.deepEqual(summary(render(mode)), {
        mode,
        webhooks: [
          [
            'validate.profilegate.dev',
            'Ignore',
            { key: 'profilegate.dev/mode', operator: 'NotIn', values: ['enforce'] },
          ],
          [
            'validate-enforce.profilegate.dev',
            'Fail',
            { key: 'profilegate.dev/mode', operator: 'In', values: ['enforce'] },
          ],
        ],
      });
    });
  }

  it('enforce: Fail, except namespaces labelled audit or warn (Ignore)', () => {
    assert.deepEqual(summary(render('enforce')), {
      mode: 'enforce',
      webhooks: [
        [
          'validate.profilegate.dev',
          'Fail',
          { key: 'profilegate.dev/mode', operator: 'NotIn', values: ['audit', 'warn'] },
        ],
        [
          'validate-relaxed.profilegate.dev',
          'Ignore',
          { key: 'profilegate.dev/mode', operator: 'In', values: ['audit', 'warn'] },
        ],
      ],
    });
  });

  it('namespace label changes: Ignore in audit and warn, Fail in enforce', () => {
    const policies = ['audit', 'warn', 'enforce'].map((mode) => {
      const guard = render(mode).find(
        (d) =>
          d.kind === 'ValidatingWebhookConfiguration' &&
          (d.metadata as Json).name === 'profilegate-namespace-labels',
      ) as { webhooks: Webhook[] } | undefined;
      return guard?.webhooks.map((w) => [w.name, w.failurePolicy]);
    });
    assert.deepEqual(policies, [
      [['namespaces.profilegate.dev', 'Ignore']],
      [['namespaces.profilegate.dev', 'Ignore']],
      [['namespaces.profilegate.dev', 'Fail']],
    ]);
  });

  it('the overlays keep everything else of the base configuration', () => {
    const base = parseAllDocuments(readFileSync('manifests/server/config.yaml', 'utf8'))[0]?.toJS() as {
      data: Json;
    };
    const rest = parse(base.data['config.yaml'] as string) as Json;
    delete rest.mode;
    for (const mode of ['audit', 'warn', 'enforce']) {
      const config = render(mode).find(
        (d) => d.kind === 'ConfigMap' && (d.metadata as Json).name === 'profilegate-config',
      );
      assert.deepEqual(parse((config?.data as Json)['config.yaml'] as string), { mode, ...rest });
    }
  });
});
