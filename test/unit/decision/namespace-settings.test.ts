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
      { mode: 'enforce', level: 'baseline', exempt: false, problems: [] },
    ],
    [
      'labels override mode and level',
      {},
      'shop',
      { 'profilegate.dev/mode': 'audit', 'profilegate.dev/level': 'restricted' },
      { mode: 'audit', level: 'restricted', exempt: false, problems: [] },
    ],
    [
      'a configured exempt namespace',
      { exemptNamespaces: ['kube-system'] },
      'kube-system',
      {},
      { mode: 'enforce', level: 'baseline', exempt: true, problems: [] },
    ],
    [
      'the exempt label',
      {},
      'shop',
      { 'profilegate.dev/exempt': 'true' },
      { mode: 'enforce', level: 'baseline', exempt: true, problems: [] },
    ],
    [
      'an exempt label other than "true" does not exempt',
      {},
      'shop',
      { 'profilegate.dev/exempt': 'yes' },
      { mode: 'enforce', level: 'baseline', exempt: false, problems: [] },
    ],
    [
      'unknown label values are reported and the global value kept',
      { mode: 'warn' },
      'shop',
      { 'profilegate.dev/mode': 'block', 'profilegate.dev/level': 'strict' },
      {
        mode: 'warn',
        level: 'baseline',
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
      { mode: 'warn', level: 'baseline', exempt: false, problems: [] },
    ],
  ];
  for (const [name, config, namespace, labels, want] of table) {
    it(name, () => {
      assert.deepEqual(namespaceSettings(parseConfig(config, 'test'), namespace, labels), want);
    });
  }
});
