/**
 * Mode, level and exemption of a namespace: its labels override the global configuration.
 * A label with a value we do not know is reported, not silently ignored.
 */
import { LevelSchema, ModeSchema, type Config, type Level, type Mode } from '../config/config-schema.js';
import { levelVersionProblem, type LevelVersion } from '../config/level-version.js';

export interface NamespaceSettings {
  mode: Mode;
  level: Level;
  /** The Pod Security Standards version of the level ("latest" or "v1.N"). */
  levelVersion: LevelVersion;
  exempt: boolean;
  /** Problems with the namespace's labels, shown to the user as warnings. */
  problems: string[];
}

export function namespaceSettings(
  config: Config,
  namespace: string,
  labels: Record<string, string>,
): NamespaceSettings {
  const problems: string[] = [];
  const keys = config.namespaceLabels;
  const read = <T>(
    key: string,
    schema: { safeParse(v: unknown): { success: boolean; data?: T } },
    fallback: T,
  ) => {
    const value = labels[key];
    if (value === undefined) return fallback;
    const parsed = schema.safeParse(value);
    if (parsed.success && parsed.data !== undefined) return parsed.data;
    problems.push(
      `namespace ${namespace} label ${key}=${value} is not valid (allowed: ${schemaOptions(schema)}); using ${String(fallback)}`,
    );
    return fallback;
  };
  const readVersion = (): LevelVersion => {
    const value = labels[keys.levelVersion];
    if (value === undefined) return config.levelVersion;
    const problem = levelVersionProblem(value);
    if (problem === undefined) return value as LevelVersion;
    problems.push(
      `namespace ${namespace} label ${keys.levelVersion}=${value} is not valid: ${problem}; using ${config.levelVersion}`,
    );
    return config.levelVersion;
  };
  return {
    mode: read(keys.mode, ModeSchema, config.mode),
    level: read(keys.level, LevelSchema, config.level),
    levelVersion: readVersion(),
    exempt: config.exemptNamespaces.includes(namespace) || labels[keys.exempt] === 'true',
    problems,
  };
}

function schemaOptions(schema: unknown): string {
  return (schema as { options?: string[] }).options?.join(', ') ?? '';
}
