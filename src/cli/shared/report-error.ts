/** The one place CLI failures become messages and exit codes. */
import { OpaCommandError, OpaNotFoundError } from '../build/opa-cli.js';
import { PolicyEvaluationError, PolicyLoadError } from '../../policy/policy-errors.js';
import { RuleMetadataError } from '../build/rule-metadata.js';
import { BundleBuildError } from '../build/build-bundle.js';
import { CliError, type CliContext } from './cli-context.js';
import { InvalidProfileError } from '../../profile/parse-profile.js';
import { ProfileLoadError } from '../../profile/profile-files.js';
import { KubescapeImportError } from '../../profile/kubescape-mapping.js';
import { InvalidConfigError } from '../../config/config-schema.js';

const KNOWN = [
  OpaNotFoundError,
  OpaCommandError,
  BundleBuildError,
  RuleMetadataError,
  PolicyLoadError,
  PolicyEvaluationError,
  InvalidProfileError,
  ProfileLoadError,
  KubescapeImportError,
  InvalidConfigError,
];

/** Prints the error for a person and returns the exit code: 2 for usage, 1 otherwise. */
export function reportError(error: unknown, context: Pick<CliContext, 'err'>): number {
  if (error instanceof CliError) {
    context.err(`profilegate: ${error.message}\n`);
    return error.exitCode;
  }
  if (KNOWN.some((type) => error instanceof type)) {
    context.err(`profilegate: ${(error as Error).message}\n`);
    return 1;
  }
  // Unknown errors are bugs: show the stack so they can be reported.
  context.err(
    `profilegate: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 1;
}
