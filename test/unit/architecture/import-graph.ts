/**
 * The folder-level import graph of a source tree: folder A → folder B when a file in A
 * imports a file in B (static, re-export or dynamic import of a relative path). Read with
 * TypeScript's own pre-processor, so comments and strings that look like imports do not count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface FileImport {
  from: string;
  to: string;
}

export function fileImports(root: string, dir: string): FileImport[] {
  const imports: FileImport[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolve(dirname(file), fileName).replace(/\.js$/, '.ts');
      imports.push({ from: relative(root, file), to: relative(root, target) });
    }
  }
  return imports;
}

/** Edges between distinct folders, each with the file imports behind it. */
export function folderEdges(imports: readonly FileImport[]): Map<string, Map<string, FileImport[]>> {
  const edges = new Map<string, Map<string, FileImport[]>>();
  for (const i of imports) {
    const a = dirname(i.from);
    const b = dirname(i.to);
    if (a === b) continue;
    const out = edges.get(a) ?? new Map<string, FileImport[]>();
    edges.set(a, out);
    out.set(b, [...(out.get(b) ?? []), i]);
  }
  return edges;
}

/** Strongly connected groups of more than one folder (Tarjan), each sorted; a loop is one group. */
export function folderCycles(edges: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) ?? 0);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1) groups.push(group.sort());
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return groups;
}
