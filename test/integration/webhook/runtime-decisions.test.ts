/**
 * The reason ProfileGate exists, through the real HTTPS webhook: a Deployment asking for more
 * than its complete profile shows it uses is denied with evidence and patched down on /mutate;
 * the same Deployment with a learning profile only gets warnings.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { startTestWebhook, type TestWebhook } from '../../support/webhook-harness.js';
import { applyPatch, deepClone, type Operation } from '../../../src/patch/json-patch.js';

const PROFILE = 'test/fixtures/profiles/deployment-web.yaml';
const DEPLOYMENT = parse(
  readFileSync('test/fixtures/profiles/deployment-web-overprivileged.yaml', 'utf8'),
) as Record<string, unknown>;

interface Answer {
  response: {
    allowed: boolean;
    status?: { message: string };
    warnings?: string[];
    patch?: string;
    auditAnnotations?: Record<string, string>;
  };
}

function review(uid: string): object {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'web',
      namespace: 'shop',
      operation: 'CREATE',
      userInfo: { username: 'alice' },
      object: DEPLOYMENT,
      dryRun: false,
    },
  };
}

async function webhookWithProfile(phase: 'complete' | 'learning'): Promise<TestWebhook> {
  const dir = mkdtempSync(join(tmpdir(), 'pg-profiles-'));
  if (phase === 'complete') copyFileSync(PROFILE, join(dir, 'deployment-web.yaml'));
  else {
    const profile = parse(readFileSync(PROFILE, 'utf8')) as { status: { phase: string } };
    profile.status.phase = 'learning';
    writeFileSync(join(dir, 'deployment-web.yaml'), stringify(profile));
  }
  // The fixture was observed in 2025: allow its age so maturity depends on the phase alone.
  return startTestWebhook({
    mode: 'enforce',
    profiles: { source: 'directory', directory: dir, maxAgeHours: 1_000_000 },
  });
}

describe('runtime-informed decisions over HTTPS', function () {
  describe('with a complete profile', () => {
    let webhook: TestWebhook;
    before(async () => {
      webhook = await webhookWithProfile('complete');
    });
    after(() => webhook.stop());

    it('denies in enforce mode with the evidence in the message, runtime findings first', async () => {
      const { response } = (await webhook.post('/validate', review('rt-1'))).json() as Answer;
      assert.equal(response.allowed, false);
      const message = response.status?.message ?? '';
      assert.match(
        message,
        /\[runtime-unused-capabilities\] container "web" requests NET_ADMIN, SYS_TIME, never used across 14 pods over 6d \(profile deployment-web, complete\)/,
      );
      const lines = message.split('\n').slice(1);
      const firstStatic = lines.findIndex((l) => !l.startsWith('- [runtime-'));
      const lastRuntime = lines.map((l) => l.startsWith('- [runtime-')).lastIndexOf(true);
      assert.ok(lastRuntime >= 0 && (firstStatic === -1 || lastRuntime < firstStatic), message);
      // The recorder does not record host namespace use: that absence only warns, saying so
      // (the warning is cut to its limit; the audit annotation holds the whole message).
      const recorded = JSON.parse(response.auditAnnotations?.violations ?? '[]') as {
        id: string;
        mode: string;
        message: string;
      }[];
      const hostPid = recorded.find((v) => v.id === 'runtime-unused-host-namespaces');
      assert.deepEqual(hostPid && { mode: hostPid.mode, message: hostPid.message }, {
        mode: 'warn',
        message:
          'pod sets hostPID=true, but no container used the host pid namespace across 14 pods over 6d ' +
          '(profile deployment-web, complete); insufficient evidence to enforce: ' +
          'the node agent cannot observe host namespace use (the recorder does not record it)',
      });
      assert.ok(
        response.warnings?.some((w) =>
          w.startsWith('[runtime-unused-host-namespaces] pod sets hostPID=true'),
        ),
      );
    });

    it('patches the Deployment down to what its profile shows it uses', async () => {
      const { response } = (await webhook.post('/mutate', review('rt-2'))).json() as Answer;
      assert.equal(response.allowed, true);
      const ops = JSON.parse(Buffer.from(response.patch ?? '', 'base64').toString('utf8')) as Operation[];
      const after = applyPatch(deepClone(DEPLOYMENT), ops, true, false).newDocument as {
        spec: { template: { spec: Record<string, unknown> & { containers: Record<string, unknown>[] } } };
      };
      const pod = after.spec.template.spec;
      assert.equal(pod.hostPID, true, 'an absence the source cannot observe is never patched');
      const [web, exporter] = pod.containers as [
        { securityContext: Record<string, unknown>; ports: { hostPort?: number }[] },
        { securityContext: Record<string, unknown> },
      ];
      assert.deepEqual(web.securityContext.capabilities, {
        drop: ['ALL'],
        add: ['CHOWN', 'NET_BIND_SERVICE', 'SETGID', 'SETUID'],
      });
      assert.deepEqual(
        web.ports.map((p) => p.hostPort),
        [80, undefined],
      );
      assert.equal(exporter.securityContext.privileged, false);
      assert.equal(exporter.securityContext.readOnlyRootFilesystem, true);
      assert.equal(response.auditAnnotations?.['patches-dropped'], undefined);
    });

    it('admits the patched Deployment on /validate for the runtime rules', async () => {
      const { response: mutated } = (await webhook.post('/mutate', review('rt-3'))).json() as Answer;
      const ops = JSON.parse(Buffer.from(mutated.patch ?? '', 'base64').toString('utf8')) as Operation[];
      const patched: unknown = applyPatch(deepClone(DEPLOYMENT) as object, ops, true, false).newDocument;
      const body = review('rt-4') as { request: { object: unknown } };
      body.request.object = patched;
      const { response } = (await webhook.post('/validate', body)).json() as Answer;
      const runtimeDenials = (response.status?.message ?? '')
        .split('\n')
        .filter((l) => /^- \[runtime-(unused-capabilities|unneeded-privileged|unused-host)/.test(l));
      assert.deepEqual(runtimeDenials, []);
    });
  });

  describe('with a learning profile', () => {
    let webhook: TestWebhook;
    before(async () => {
      webhook = await webhookWithProfile('learning');
    });
    after(() => webhook.stop());

    it('only warns about runtime findings and proposes no patch', async () => {
      const validate = (await webhook.post('/validate', review('rt-5'))).json() as Answer;
      assert.ok(validate.response.warnings?.some((w) => w.startsWith('[runtime-unused-capabilities]')));
      assert.doesNotMatch(validate.response.status?.message ?? '', /\[runtime-/);
      const mutate = (await webhook.post('/mutate', review('rt-6'))).json() as Answer;
      assert.equal(mutate.response.patch, undefined);
    });
  });
});
