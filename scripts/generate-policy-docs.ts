/** Writes docs/policies.md from policies/bundle/metadata.json (run `npm run build:policies` first). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../src/cli/shared/cli-context.js';
import { renderPolicyDocs } from '../src/cli/build/render-policy-docs.js';
import { readRuleMetadataFile } from '../src/cli/build/rule-metadata.js';

const root = packageRoot();
const rules = await readRuleMetadataFile(join(root, 'policies/bundle/metadata.json'));
await writeFile(join(root, 'docs/policies.md'), renderPolicyDocs(rules));
process.stdout.write(`wrote docs/policies.md (${rules.length} rules)\n`);
