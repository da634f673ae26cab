/**
 * Reads the configuration from an optional YAML/JSON file, then applies environment
 * overrides. The only place that reads process.env is webhook/main.ts, which passes it in.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { InvalidConfigError, type Config } from '../src/config/config-schema.js';
import { parseConfig } from '../src/config/parse-config.js';
import { isRecord } from '../src/schema/is-record.js';

type Env = Record<string, string | undefined>;

/** Environment variables and the config path each one sets. */
const ENV_OVERRIDES: Record<string, { path: string[]; number?: boolean; boolean?: boolean }> = {
  PROFILEGATE_HOST: { path: ['server', 'host'] },
  PROFILEGATE_PORT: { path: ['server', 'port'], number: true },
  PROFILEGATE_METRICS_PORT: { path: ['server', 'metrics', 'port'], number: true },
  PROFILEGATE_TLS_CERT: { path: ['server', 'tls', 'certFile'] },
  PROFILEGATE_TLS_KEY: { path: ['server', 'tls', 'keyFile'] },
  PROFILEGATE_MODE: { path: ['mode'] },
  PROFILEGATE_LEVEL: { path: ['level'] },
  PROFILEGATE_LEVEL_VERSION: { path: ['levelVersion'] },
  PROFILEGATE_BUNDLE: { path: ['bundle', 'path'] },
  PROFILEGATE_PROFILE_DIR: { path: ['profiles', 'directory'] },
  PROFILEGATE_PROFILE_SOURCE: { path: ['profiles', 'source'] },
  PROFILEGATE_KUBERNETES: { path: ['kubernetes', 'enabled'], boolean: true },
  PROFILEGATE_LOG_LEVEL: { path: ['logLevel'] },
  PROFILEGATE_POD_NAME: { path: ['reports', 'background', 'identity'] },
  PROFILEGATE_POD_NAMESPACE: { path: ['reports', 'background', 'leaseNamespace'] },
};

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node[key] = isRecord(next) ? next : {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] ?? ''] = value;
}

function envValue(name: string, raw: string, spec: { number?: boolean; boolean?: boolean }): unknown {
  if (spec.number) {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) {
      throw new InvalidConfigError('environment', [`${name}: must be a number, got ${JSON.stringify(raw)}`]);
    }
    return n;
  }
  if (spec.boolean) {
    if (raw !== 'true' && raw !== 'false') {
      throw new InvalidConfigError('environment', [
        `${name}: must be true or false, got ${JSON.stringify(raw)}`,
      ]);
    }
    return raw === 'true';
  }
  return raw;
}

export function loadConfig(env: Env): Config {
  const file = env.PROFILEGATE_CONFIG;
  let document: Record<string, unknown> = {};
  if (file) {
    let parsed: unknown;
    try {
      parsed = parseYaml(readFileSync(file, 'utf8'));
    } catch (cause) {
      throw new InvalidConfigError(file, [`cannot read the file: ${(cause as Error).message}`]);
    }
    if (parsed !== null && parsed !== undefined && !isRecord(parsed)) {
      throw new InvalidConfigError(file, ['(root): must be a mapping of settings']);
    }
    document = parsed ?? {};
  }
  for (const [name, spec] of Object.entries(ENV_OVERRIDES)) {
    const raw = env[name];
    if (raw !== undefined) setPath(document, spec.path, envValue(name, raw, spec));
  }
  if (env.KUBECONFIG && !isRecord(document.kubernetes)) setPath(document, ['kubernetes', 'enabled'], true);
  if (env.PROFILEGATE_PROFILE_DIR && env.PROFILEGATE_PROFILE_SOURCE === undefined) {
    setPath(document, ['profiles', 'source'], 'directory');
  }
  return parseConfig(document, file ? `${file} + environment` : 'environment');
}
