import { ConfigSchema, InvalidConfigError, type Config } from './config-schema.js';
import { formatIssues } from '../schema/format-issues.js';

/** Validates a configuration document; every problem is reported with its path. */
export function parseConfig(document: unknown, source: string): Config {
  const result = ConfigSchema.safeParse(document ?? {});
  if (!result.success) throw new InvalidConfigError(source, formatIssues(result.error));
  return result.data;
}
