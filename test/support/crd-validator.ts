/**
 * Validates objects against a CRD's openAPIV3Schema with ajv, as the API server would store
 * them: a field the schema does not declare is an error here (the server would prune it
 * silently), so a report that passes is stored exactly as written.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parseAllDocuments } from 'yaml';

type Schema = Record<string, unknown>;

function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] = key === 'properties' ? mapValues(value as Schema, closeObjects) : closeObjects(value);
  }
  if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

function mapValues(record: Schema, fn: (v: unknown) => unknown): Schema {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}

export function crdValidator(path: string, version: string): (value: unknown) => string[] {
  const crd = parseAllDocuments(readFileSync(path, 'utf8'))
    .map((d) => d.toJS() as Schema | null)
    .find((d) => d?.kind === 'CustomResourceDefinition');
  const versions = ((crd?.spec as Schema | undefined)?.versions ?? []) as Schema[];
  const served = versions.find((v) => v.name === version);
  if (!served) throw new Error(`${path} does not serve ${version}`);
  const schema = closeObjects((served.schema as Schema).openAPIV3Schema) as Schema;
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { int32: true, int64: true } });
  const validate = ajv.compile(schema);
  return (value) =>
    validate(value)
      ? []
      : (validate.errors ?? []).map(
          (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
        );
}
