/** Writes the CRDs generated from their zod schemas: WorkloadProfile and PolicyException. */
import { writeFileSync } from 'node:fs';
import { renderCrd } from '../src/profile/crd-schema.js';
import { renderExceptionCrd } from '../src/exception/crd-schema.js';

for (const [file, text] of [
  ['workloadprofile.yaml', renderCrd()],
  ['policyexception.yaml', renderExceptionCrd()],
] as const) {
  const target = new URL(`../manifests/crds/${file}`, import.meta.url);
  writeFileSync(target, text);
  console.log(`wrote ${target.pathname}`);
}
