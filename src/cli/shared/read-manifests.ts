/**
 * Reads the manifests a user has: one file or `-` for standard input (e.g. `helm template`),
 * YAML or JSON, one or many documents, and `kind: List` objects flattened.
 */
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { CliError } from './cli-context.js';
import { isRecord } from '../../schema/is-record.js';

export interface Manifest {
  /** Where it came from, for messages: file#index. */
  source: string;
  object: Record<string, unknown>;
}

export async function readManifestText(path: string, readStdin: () => Promise<string>): Promise<string> {
  if (path === '-') return readStdin();
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new CliError(`cannot read ${path}: ${(cause as Error).message}`);
  }
}

export function parseManifests(text: string, name: string): Manifest[] {
  const manifests: Manifest[] = [];
  parseAllDocuments(text).forEach((doc, index) => {
    if (doc.errors.length > 0) {
      throw new CliError(`${name} document ${index + 1} is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return; // empty document between separators
    for (const object of flatten(value, `${name}#${index + 1}`)) manifests.push(object);
  });
  return manifests;
}

function flatten(value: unknown, source: string): Manifest[] {
  if (!isRecord(value) || typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') {
    throw new CliError(`${source} is not a Kubernetes object (it needs apiVersion and kind)`);
  }
  if (value.kind.endsWith('List') && Array.isArray(value.items)) {
    return value.items.flatMap((item, i) => flatten(item, `${source}.items[${i}]`));
  }
  return [{ source, object: value }];
}
