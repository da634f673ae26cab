/**
 * SIGINT and SIGTERM end the test process through process.exit, so the exit handlers run: they
 * kill every child (managed-process.ts) and remove what the run made.
 */
export function exitOnSignals(): void {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => process.exit(code));
  }
}
