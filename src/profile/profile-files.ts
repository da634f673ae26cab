/**
 * Reading WorkloadProfile documents from files: YAML (one or many `---` documents) or JSON,
 * each validated with parseWorkloadProfile so an error names the file, the document and the
 * field (`profiles/web.yaml#2: spec.containers.0.capabilities.0: a capability name ...`).
 */
import { readFile } from 'node:fs/promises';
import jsYaml from 'js-yaml';
import { parseWorkloadProfile, InvalidProfileError } from './parse-profile.js';
import type { WorkloadProfile } from './workload-profile.js';
import { isRecord } from '../schema/is-record.js';

export class ProfileLoadError extends Error {
  override readonly name = 'ProfileLoadError';
  constructor(readonly problems: string[]) {
    super(`cannot load profiles:\n  ${problems.join('\n  ')}`);
  }
}

export const PROFILE_FILE = /\.(ya?ml|json)$/i;

/** Parses one file's text; throws ProfileLoadError listing every problem found in it. */
export function parseProfileText(text: string, source: string): WorkloadProfile[] {
  const problems: string[] = [];
  const profiles: WorkloadProfile[] = [];
  const documents = source.toLowerCase().endsWith('.json')
    ? [jsonDocument(text, source)]
    : yamlDocuments(text, source);
  documents.forEach((doc, i) => {
    if (doc === null || doc === undefined) return; // empty YAML document, e.g. a trailing `---`
    const where = documents.length > 1 ? `${source}#${i + 1}` : source;
    // A List (`kubectl get workloadprofiles -o json`, `profilegate import -o json`) holds items.
    const items = isList(doc)
      ? doc.items.map((item, j) => [item, `${where}.items[${j}]`] as const)
      : [[doc, where] as const];
    for (const [item, at] of items) {
      try {
        profiles.push(parseWorkloadProfile(item, at));
      } catch (error) {
        if (!(error instanceof InvalidProfileError)) throw error;
        problems.push(...error.problems.map((p) => `${at}: ${p}`));
      }
    }
  });
  if (problems.length > 0) throw new ProfileLoadError(problems);
  return profiles;
}

function isList(doc: unknown): doc is { items: unknown[] } {
  return isRecord(doc) && doc.kind === 'List' && Array.isArray(doc.items);
}

export async function readProfileFile(path: string): Promise<WorkloadProfile[]> {
  return parseProfileText(await readFile(path, 'utf8'), path);
}

function jsonDocument(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ProfileLoadError([`${source}: not valid JSON (${(error as Error).message})`]);
  }
}

/**
 * js-yaml, not the `yaml` package the manifests use: profiles need no source positions beyond
 * the error's line, and it parses the realistic fixture in a tenth of the time (js-yaml 4; the
 * rewritten 5.x is three times slower on it) (BENCHMARKS.md
 * "Profile start-up"), which is what a directory of 10,000 profiles waits for at start.
 */
function yamlDocuments(text: string, source: string): unknown[] {
  try {
    // The core schema, as the `yaml` package reads manifests: an unquoted timestamp stays a string.
    return jsYaml.loadAll(text, null, { schema: jsYaml.CORE_SCHEMA });
  } catch (error) {
    const where = error instanceof jsYaml.YAMLException ? ` at line ${error.mark.line + 1}` : '';
    const reason = error instanceof jsYaml.YAMLException ? error.reason : String(error);
    throw new ProfileLoadError([`${source}: not valid YAML (${reason}${where})`]);
  }
}
