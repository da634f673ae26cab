/**
 * The manifests `profilegate audit` judges: files, directories (-R for subdirectories) and
 * standard input (`-`, e.g. `helm template … | profilegate audit -f -` or `kubectl kustomize`),
 * each object with the file and line it starts on, for SARIF locations and table output.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { isRecord } from '../../schema/is-record.js';
import { CliError } from './cli-context.js';

export interface SourcedObject {
  file: string;
  /** 1-based line of the object's first line. */
  line: number;
  object: Record<string, unknown>;
}

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

export async function readSources(
  paths: readonly string[],
  recursive: boolean,
  readStdin: () => Promise<string>,
): Promise<SourcedObject[]> {
  const objects: SourcedObject[] = [];
  for (const path of paths) {
    if (path === '-') {
      objects.push(...parseSourced(await readStdin(), 'stdin'));
      continue;
    }
    for (const file of await filesOf(path, recursive, true)) {
      objects.push(...parseSourced(await readText(file), file));
    }
  }
  return objects;
}

async function filesOf(path: string, recursive: boolean, named: boolean): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (cause) {
    throw new CliError(`cannot read ${path}: ${(cause as Error).message}`);
  }
  if (!info.isDirectory()) return named || MANIFEST_FILE.test(path) ? [path] : [];
  if (!named && !recursive) return [];
  const entries = (await readdir(path)).sort();
  const nested = await Promise.all(entries.map((e) => filesOf(join(path, e), recursive, false)));
  return nested.flat();
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new CliError(`cannot read ${file}: ${(cause as Error).message}`);
  }
}

export function parseSourced(text: string, file: string): SourcedObject[] {
  const lines = new LineCounter();
  const objects: SourcedObject[] = [];
  parseAllDocuments(text, { lineCounter: lines }).forEach((doc) => {
    if (doc.errors.length > 0) {
      const [error] = doc.errors;
      const at = error?.linePos?.[0];
      throw new CliError(
        `${file}${at ? `:${at.line}` : ''}: not valid YAML: ${error?.message.split('\n')[0] ?? ''}`,
      );
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return;
    const start = doc.contents?.range[0] ?? 0;
    const line = lines.linePos(start).line;
    for (const object of flatten(value, `${file}:${line}`)) objects.push({ file, line, object });
  });
  return objects;
}

function flatten(value: unknown, where: string): Record<string, unknown>[] {
  if (!isRecord(value) || typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') {
    throw new CliError(`${where} is not a Kubernetes object (it needs apiVersion and kind)`);
  }
  if (value.kind.endsWith('List') && Array.isArray(value.items)) {
    return value.items.flatMap((item) => flatten(item, where));
  }
  return [value];
}
