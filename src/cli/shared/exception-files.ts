/**
 * --exception FILE…: PolicyException documents (YAML or JSON, several per file, `kind: List`
 * flattened) for eval and audit, so an exception can be tried before it is applied. A file
 * holding anything but PolicyExceptions, or an invalid one, is an input error naming the file,
 * the document and the field.
 */
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { parsePolicyException, type PolicyException } from '../../exception/policy-exception.js';
import { isRecord } from '../../schema/is-record.js';
import { CliError } from './cli-context.js';

export async function loadExceptions(paths: readonly string[]): Promise<PolicyException[]> {
  const all: PolicyException[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      throw new CliError(`cannot read --exception ${path}: ${(cause as Error).message}`);
    }
    const documents = parseAllDocuments(text);
    for (const [i, doc] of documents.entries()) {
      if (doc.errors.length > 0) {
        throw new CliError(
          `--exception ${path} document ${i + 1} is not valid YAML: ${doc.errors[0]?.message ?? ''}`,
        );
      }
      const value: unknown = doc.toJS();
      if (value === null || value === undefined) continue;
      const items =
        isRecord(value) && value.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
      for (const item of items) all.push(parsePolicyException(item, `${path} document ${i + 1}`));
    }
  }
  return all;
}
