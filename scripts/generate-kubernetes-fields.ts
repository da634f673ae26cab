/**
 * Regenerates src/cli/shared/kubernetes-fields.json, the field names of the built-in kinds
 * ProfileGate judges, for the unknown-field warnings of `profilegate eval` and `audit`
 * (src/cli/shared/unknown-fields.ts). It starts the pinned etcd and kube-apiserver of the
 * toolchain (scripts/provision-toolchain.sh) and reads the API server's own /openapi/v3, so the
 * names are exactly those the API server's field validation knows.
 *   node --import tsx scripts/generate-kubernetes-fields.ts
 *
 * Trimmed: only types reachable from the kinds below, and per type only its field names, each
 * with what its value is: "" anything (a scalar, or a schema that is not checked), "T" an object
 * of type T, "[]T" a list of T, "{}T" a map of T.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd } from '../test/e2e/support/etcd.js';
import { apiGet, startKubeApiserver } from '../test/e2e/support/kube-apiserver.js';
import { loadToolchain } from '../test/e2e/support/toolchain.js';

const OUT = join(import.meta.dirname, '..', 'src', 'cli', 'shared', 'kubernetes-fields.json');

/** group/version path of /openapi/v3 → the kinds of it judged by ProfileGate. */
const KINDS: Record<string, string[]> = {
  'api/v1': ['Pod', 'ReplicationController', 'Service', 'Namespace', 'ConfigMap', 'ServiceAccount'],
  'apis/apps/v1': ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'],
  'apis/batch/v1': ['Job', 'CronJob'],
  'apis/networking.k8s.io/v1': ['Ingress', 'NetworkPolicy'],
};

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  $ref?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

/** The /openapi/v3 path of a group and version: api/v1 for the core group, apis/<group>/<version> else. */
const groupVersion = (gvk: { group: string; version: string }) =>
  gvk.group === '' ? `api/${gvk.version}` : `apis/${gvk.group}/${gvk.version}`;

const refName = (ref: string) => ref.replace('#/components/schemas/', '');

function target(schema: Schema): Schema {
  // A $ref with a description is written as allOf: [{$ref}].
  return schema.$ref ? schema : schema.allOf?.length === 1 && schema.allOf[0] ? schema.allOf[0] : schema;
}

function encode(schema: Schema, queue: string[]): string {
  const s = target(schema);
  if (s.$ref) {
    queue.push(refName(s.$ref));
    return refName(s.$ref);
  }
  if (s.type === 'array' && s.items) {
    const inner = encode(s.items, queue);
    return inner === '' ? '' : `[]${inner}`;
  }
  if (s.type === 'object' && typeof s.additionalProperties === 'object') {
    const inner = encode(s.additionalProperties, queue);
    return inner === '' ? '' : `{}${inner}`;
  }
  return '';
}

const toolchain = loadToolchain();
const dir = mkdtempSync(join(tmpdir(), 'profilegate-openapi-'));
const etcd = await startEtcd(toolchain.etcd, dir);
try {
  const server = await startKubeApiserver(toolchain.kubeApiserver, etcd.url, dir);
  try {
    const version = JSON.parse((await apiGet(server, '/version')).body) as { gitVersion: string };
    const kinds: Record<string, string> = {};
    const types: Record<string, Record<string, string>> = {};
    for (const [path, wanted] of Object.entries(KINDS)) {
      const { status, body } = await apiGet(server, `/openapi/v3/${path}`);
      if (status !== 200) throw new Error(`/openapi/v3/${path}: ${status}`);
      const schemas = (JSON.parse(body) as { components: { schemas: Record<string, Schema> } }).components
        .schemas;
      const queue: string[] = [];
      for (const [name, schema] of Object.entries(schemas)) {
        for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
          if (!wanted.includes(gvk.kind) || groupVersion(gvk) !== path) continue;
          kinds[`${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`] = name;
          queue.push(name);
        }
      }
      while (queue.length > 0) {
        const name = queue.pop() ?? '';
        if (types[name]) continue;
        const schema = schemas[name];
        if (!schema?.properties || schema['x-kubernetes-preserve-unknown-fields']) {
          types[name] = {};
          continue;
        }
        const fields: Record<string, string> = {};
        types[name] = fields;
        for (const [field, value] of Object.entries(schema.properties)) fields[field] = encode(value, queue);
      }
    }
    // Types without fields (Quantity, Time, IntOrString, RawExtension) accept anything: left out.
    const sorted = Object.fromEntries(
      Object.entries(types)
        .filter(([, fields]) => Object.keys(fields).length > 0)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
    writeFileSync(
      OUT,
      `${JSON.stringify({ source: `kube-apiserver ${version.gitVersion} /openapi/v3`, kinds, types: sorted })}\n`,
    );
    process.stdout.write(
      `wrote ${OUT}: ${Object.keys(kinds).length} kinds, ${Object.keys(sorted).length} types (${version.gitVersion})\n`,
    );
  } finally {
    await server.process.stop();
  }
} finally {
  await etcd.process.stop();
  rmSync(dir, { recursive: true, force: true });
}
