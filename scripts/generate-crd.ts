/** Writes manifests/crds/workloadprofile.yaml from the zod schema (src/profile/crd-schema.ts). */
import { writeFileSync } from 'node:fs';
import { renderCrd } from '../src/profile/crd-schema.js';

const target = new URL('../manifests/crds/workloadprofile.yaml', import.meta.url);
writeFileSync(target, renderCrd());
console.log(`wrote ${target.pathname}`);
