import { NodeEnvironment } from './node-environment.js';

let current: NodeEnvironment | undefined;

/** The node the root hooks started; only valid inside tests. */
export function node(): NodeEnvironment {
  if (current === undefined) throw new Error('node environment not started (root hooks missing?)');
  return current;
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  // process.exit runs the exit handlers that kill every child and remove what the node made.
  process.once(signal, () => process.exit(code));
}

/** Mocha root hooks: one cluster with one real node for the whole node suite. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(300_000);
    current = await NodeEnvironment.start();
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(120_000);
    await current?.stop();
    current = undefined;
  },
};
