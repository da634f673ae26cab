/**
 * What eval, audit and verify judge with, read the same way by each: the configuration
 * (--config, --mode, --level), the policy bundle (--bundle) and runtime profiles (--profile,
 * --profile-dir). Every unreadable input is a CliError that names the option (exit 2).
 */
import { readFile, readdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { parseConfig } from '../../config/parse-config.js';
import type { Config } from '../../config/config-schema.js';
import { readProfileFile, PROFILE_FILE } from '../../profile/profile-files.js';
import type { WorkloadProfile } from '../../profile/workload-profile.js';
import { CliError } from './cli-context.js';

export interface ConfigOptions {
  config?: string;
  mode?: string;
  level?: string;
}

export async function loadConfig(options: ConfigOptions): Promise<Config> {
  let document: Record<string, unknown> = {};
  if (options.config) {
    let text: string;
    try {
      text = await readFile(options.config, 'utf8');
    } catch (cause) {
      throw new CliError(`cannot read --config ${options.config}: ${(cause as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = parse(text);
    } catch (cause) {
      throw new CliError(
        `--config ${options.config} is not valid YAML: ${(cause as Error).message.split('\n')[0] ?? ''}`,
      );
    }
    document = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  }
  const config = parseConfig(document, options.config ?? 'defaults');
  return {
    ...config,
    ...(options.mode ? { mode: options.mode as Config['mode'] } : {}),
    ...(options.level ? { level: options.level as Config['level'] } : {}),
  };
}

export async function loadProfiles(paths: string[], dir?: string): Promise<WorkloadProfile[]> {
  const lists = await Promise.all(paths.map((p) => readProfileFile(p)));
  return [...lists.flat(), ...(await profilesIn(dir))];
}

async function profilesIn(dir: string | undefined): Promise<WorkloadProfile[]> {
  if (!dir) return [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => PROFILE_FILE.test(n)).sort();
  } catch (cause) {
    throw new CliError(`cannot read --profile-dir ${dir}: ${(cause as Error).message}`);
  }
  return (await Promise.all(names.map((n) => readProfileFile(join(dir, n))))).flat();
}

export function resolve(root: string, path: string): string {
  return isAbsolute(path) ? path : join(root, path);
}

export async function readBinary(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw new CliError(
      `cannot read the policy bundle ${path} (run profilegate policy build): ${(cause as Error).message}`,
    );
  }
}
