/** The one place CLI failures become messages and exit codes (src/cli/shared/exit-codes.ts). */
import { OpaCommandError, OpaNotFoundError } from '../build/opa-cli.js';
import { PolicyEvaluationError, PolicyLoadError } from '../../policy/policy-errors.js';
import { RuleMetadataError } from '../build/rule-metadata.js';
import { BundleBuildError } from '../build/build-bundle.js';
import { PolicySourceError } from '../build/policy-sources.js';
import { CliError, type CliContext } from './cli-context.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { InvalidProfileError } from '../../profile/parse-profile.js';
import { ProfileLoadError } from '../../profile/profile-files.js';
import { KubescapeImportError } from '../../profile/kubescape-mapping.js';
import { InvalidConfigError } from '../../config/config-schema.js';
import { RecorderBuildError } from '../../../bpf-profiler/agent/recorder-build.js';
import { InvalidExceptionError } from '../../exception/policy-exception.js';

/** Errors that describe what the user gave (a policy, profile, config) or lacks (opa, clang). */
const INPUT_ERRORS = [
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
  RecorderBuildError,
  InvalidExceptionError,
  PolicySourceError,
];

/**
 * Prints the error for a person and returns its exit code: a CliError's own, 2 for every
 * other. Unknown errors are bugs: one line, and the stack with PROFILEGATE_DEBUG=1.
 */
export function reportError(error: unknown, context: Pick<CliContext, 'err' | 'env'>): ExitCode {
  if (error instanceof CliError) {
    context.err(`profilegate: ${error.message}\n`);
    return error.exitCode;
  }
  if (INPUT_ERRORS.some((type) => error instanceof type)) {
    context.err(`profilegate: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? error.stack : undefined;
  context.err(
    context.env.PROFILEGATE_DEBUG === '1' && stack
      ? `profilegate: unexpected error: ${stack}\n`
      : `profilegate: unexpected error: ${message.split('\n')[0] ?? ''} (a bug: PROFILEGATE_DEBUG=1 shows where)\n`,
  );
  return EXIT.usage;
}
