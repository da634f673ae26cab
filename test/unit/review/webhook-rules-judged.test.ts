/**
 * The shipped webhook configurations send the API server's requests only for what the review
 * flow judges: a kind registered but never judged costs a call per write, and with
 * failurePolicy Fail it blocks those writes whenever the webhook is down.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { isJudged } from '../../../src/review/review-request.js';

interface Rule {
  apiGroups: string[];
  apiVersions: string[];
  operations: string[];
  resources: string[];
}
interface WebhookConfiguration {
  webhooks: { name: string; clientConfig: { service: { path: string } }; rules: Rule[] }[];
}

/** Resource → kind for the resources a ProfileGate configuration may list. */
const KINDS: Record<string, string> = {
  pods: 'Pod',
  replicationcontrollers: 'ReplicationController',
  services: 'Service',
  deployments: 'Deployment',
  replicasets: 'ReplicaSet',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
  jobs: 'Job',
  cronjobs: 'CronJob',
};

function load(file: string): WebhookConfiguration {
  return parse(readFileSync(`manifests/webhook/${file}`, 'utf8')) as WebhookConfiguration;
}

/** Every (group, resource, subresource, operation, endpoint) the configuration registers. */
function registered(configuration: WebhookConfiguration): string[] {
  const unjudged: string[] = [];
  for (const webhook of configuration.webhooks) {
    const endpoint = webhook.clientConfig.service.path === '/mutate' ? 'mutate' : 'validate';
    for (const rule of webhook.rules) {
      for (const resource of rule.resources) {
        const [plural = '', subResource = ''] = resource.split('/');
        const kind = KINDS[plural] ?? `(unknown resource ${plural})`;
        for (const group of rule.apiGroups) {
          for (const operation of rule.operations) {
            const request = { operation, kind: { group, version: 'v1', kind }, subResource };
            if (!isJudged(request as Parameters<typeof isJudged>[0], endpoint)) {
              unjudged.push(`${webhook.name}: ${operation} ${group || 'core'}/${resource}`);
            }
          }
        }
      }
    }
  }
  return unjudged;
}

describe('shipped webhook configurations', () => {
  for (const file of ['validating-webhook-configuration.yaml', 'mutating-webhook-configuration.yaml']) {
    it(`${file} registers only requests the review flow judges`, () => {
      assert.deepEqual(registered(load(file)), []);
    });
  }

  it('an unjudged kind would be found (the negative control)', () => {
    const configuration = load('validating-webhook-configuration.yaml');
    configuration.webhooks[0]?.rules.push({
      apiGroups: ['networking.k8s.io'],
      apiVersions: ['v1'],
      operations: ['CREATE'],
      resources: ['ingresses'],
    });
    assert.deepEqual(registered(configuration), [
      'validate.profilegate.dev: CREATE networking.k8s.io/ingresses',
    ]);
  });
});
