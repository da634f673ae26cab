import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileImports, folderCycles, folderEdges, type FileImport } from './import-graph.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function describeCycle(group: string[], imports: readonly FileImport[]): string {
  const members = new Set(group);
  const behind = imports
    .filter((i) => dirname(i.from) !== dirname(i.to))
    .filter((i) => members.has(dirname(i.from)) && members.has(dirname(i.to)))
    .map((i) => `${i.from} → ${i.to}`);
  return `${group.join(' ⇄ ')}: ${behind.join(', ')}`;
}

describe('folder imports in src/', () => {
  const imports = fileImports(ROOT, 'src');

  it('reads the imports of the tree', () => {
    assert.ok(imports.length > 100, `only ${imports.length} imports found`);
    assert.ok(
      imports.some(
        (i) => i.from === 'src/review/review-request.ts' && i.to === 'src/admission/workload-view.ts',
      ),
    );
  });

  it('has no folder-level cycle', () => {
    const cycles = folderCycles(folderEdges(imports)).map((g) => describeCycle(g, imports));
    assert.deepEqual(cycles, []);
  });

  it('keeps the safety net independent of the policies it checks', () => {
    const upward = imports.filter(
      (i) => i.from.startsWith('src/hardening/') && /^src\/(policy|decision|review|cli)\//.test(i.to),
    );
    assert.deepEqual(upward, []);
  });

  it('finds a loop when there is one (negative control)', () => {
    const planted: FileImport[] = [
      ...imports,
      { from: 'src/schema/is-record.ts', to: 'src/review/review-request.ts' },
      { from: 'src/patch/json-pointer.ts', to: 'src/patch/patch-operation.ts' },
    ];
    const cycles = folderCycles(folderEdges(planted));
    assert.equal(cycles.length, 1);
    assert.ok(cycles[0]?.includes('src/schema') && cycles[0].includes('src/review'));
    assert.ok(!cycles[0]?.includes('src/cli'), 'the CLI imports the core, nothing imports the CLI');
  });
});
