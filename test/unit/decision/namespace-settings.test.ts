import assert from 'node:assert/strict';
import type { ConfigInput } from '../../../src/config/config-schema.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { namespaceSettings, type NamespaceSettings } from '../../../src/decision/namespace-settings.js';

describe('namespaceSettings', () => {
  const table: [string, ConfigInput, string, Record<string, string>, NamespaceSettings][] = [
    [
      'the global settings without labels',
      {},
      'shop',
      {},
      { mode: 'enforce', level: 'baseline', levelVersion: 'latest', exempt: false, problems: [] },
    ],
    [
      'labels override mode and level',
      {},
      'shop',
      { 'profilegate.dev/mode': 'audit', 'profilegate.dev/level': 'restricted' },
      { mode: 'audit', level: 'restricted', levelVersion: 'latest', exempt: false, problems: [] },
    ],
    [
      'a configured exempt namespace',
      { exemptNamespaces: ['kube-system'] },
      'kube-system',
      {},
      { mode: 'enforce', level: 'baseline', levelVersion: 'latest', exempt: true, problems: [] },
    ],
    [
      'the exempt label',
      {},
      'shop',
      { 'profilegate.dev/exempt': 'true' },
      { mode: 'enforce', level: 'baseline', levelVersion: 'latest', exempt: true, problems: [] },
    ],
    [
      'an exempt label other than "true" does not exempt',
      {},
      'shop',
      { 'profilegate.dev/exempt': 'yes' },
      { mode: 'enforce', level: 'baseline', levelVersion: 'latest', exempt: false, problems: [] },
    ],
    [
      'unknown label values are reported and the global value kept',
      { mode: 'warn' },
      'shop',
      { 'profilegate.dev/mode': 'block', 'profilegate.dev/level': 'strict' },
      {
        mode: 'warn',
        level: 'baseline',
        levelVersion: 'latest',
        exempt: false,
        problems: [
          'namespace shop label profilegate.dev/mode=block is not valid (allowed: enforce, warn, audit); using warn',
          'namespace shop label profilegate.dev/level=strict is not valid (allowed: baseline, restricted); using baseline',
        ],
      },
    ],
    [
      'configured label keys',
      { namespaceLabels: { mode: 'example.com/mode' } },
      'shop',
      { 'example.com/mode': 'warn', 'profilegate.dev/mode': 'audit' },
      { mode: 'warn', level: 'baseline', levelVersion: 'latest', exempt: false, problems: [] },
    ],
    [
      'the level-version label pins the version',
      {},
      'shop',
      { 'profilegate.dev/level': 'baseline', 'profilegate.dev/level-version': 'v1.35' },
      { mode: 'enforce', level: 'baseline', levelVersion: 'v1.35', exempt: false, problems: [] },
    ],
    [
      'the configured version applies without the label',
      { levelVersion: 'v1.30' },
      'shop',
      {},
      { mode: 'enforce', level: 'baseline', levelVersion: 'v1.30', exempt: false, problems: [] },
    ],
    [
      'the label "latest" overrides a configured pin',
      { levelVersion: 'v1.30' },
      'shop',
      { 'profilegate.dev/level-version': 'latest' },
      { mode: 'enforce', level: 'baseline', levelVersion: 'latest', exempt: false, problems: [] },
    ],
    [
      'a bad version label is reported and the configured version kept',
      { levelVersion: 'v1.32' },
      'shop',
      { 'profilegate.dev/level-version': 'v1.99' },
      {
        mode: 'enforce',
        level: 'baseline',
        levelVersion: 'v1.32',
        exempt: false,
        problems: [
          'namespace shop label profilegate.dev/level-version=v1.99 is not valid: v1.99 is newer than v1.37, the newest Pod Security Standards version this ProfileGate implements (allowed: "latest" or v1.0 to v1.37); using v1.32',
        ],
      },
    ],
    [
      'a malformed version label is reported',
      {},
      'shop',
      { 'profilegate.dev/level-version': '1.35' },
      {
        mode: 'enforce',
        level: 'baseline',
        levelVersion: 'latest',
        exempt: false,
        problems: [
          'namespace shop label profilegate.dev/level-version=1.35 is not valid: "1.35" is not a Pod Security Standards version (allowed: "latest" or v1.0 to v1.37); using latest',
        ],
      },
    ],
    [
      "PSA's own labels, when configured as the label keys",
      {
        namespaceLabels: {
          level: 'pod-security.kubernetes.io/enforce',
          levelVersion: 'pod-security.kubernetes.io/enforce-version',
        },
      },
      'shop',
      {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.34',
      },
      { mode: 'enforce', level: 'restricted', levelVersion: 'v1.34', exempt: false, problems: [] },
    ],
  ];
  for (const [name, config, namespace, labels, want] of table) {
    it(name, () => {
      assert.deepEqual(namespaceSettings(parseConfig(config, 'test'), namespace, labels), want);
    });
  }
});
