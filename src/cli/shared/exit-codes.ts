/**
 * The exit codes of every `profilegate` command (docs/cli.md "Exit codes"): the one source of
 * truth, so CI can tell "the policies said no" from "the command could not run as asked".
 * `profilegate profile` is the one exception: it exits with the code of the command it recorded.
 */
export const EXIT = {
  /** Success: everything admitted, no finding at or above --fail-on, every test passed. */
  ok: 0,
  /** The command ran and found something: denied, findings, failing tests, a patch that broke. */
  findings: 1,
  /** Usage or input error: an unknown or missing option, an unreadable or invalid file. */
  usage: 2,
} as const;

export type ExitCode = number;
