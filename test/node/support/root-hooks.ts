import { exitOnSignals } from '../../e2e/support/exit-on-signals.js';
import { NodeEnvironment } from './node-environment.js';

let current: NodeEnvironment | undefined;

/** The node the root hooks started; only valid inside tests. */
export function node(): NodeEnvironment {
  if (current === undefined) throw new Error('node environment not started (root hooks missing?)');
  return current;
}

exitOnSignals();

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
