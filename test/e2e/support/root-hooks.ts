import { exitOnSignals } from './exit-on-signals.js';
import { E2eEnvironment } from './e2e-environment.js';
import { waitUntilWebhookCalled } from './readiness.js';

let current: E2eEnvironment | undefined;

/** The environment the root hooks started; only valid inside tests. */
export function e2e(): E2eEnvironment {
  if (current === undefined) throw new Error('e2e environment not started (root hooks missing?)');
  return current;
}

exitOnSignals();

/** Mocha root hooks: one control plane and webhook for the whole e2e run. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(180_000);
    current = await E2eEnvironment.start();
    await current.startWebhook('enforce');
    await current.registerWebhook('Fail');
    await waitUntilWebhookCalled(current);
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    await current?.stop();
    current = undefined;
  },
};
