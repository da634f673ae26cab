/**
 * The PolicyExceptions of the cluster (kubernetes.enabled and exceptions.enabled): an informer
 * into a validated cache, trusted only while it follows the API server (webhook/informer/
 * cache-trust.ts), so a deleted exception cannot keep applying through a broken watch.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Config } from '../src/config/config-schema.js';
import type { ExceptionSource } from '../src/exception/exception-source.js';
import { CachedExceptionStore } from '../src/exception/cached-exception-store.js';
import { exceptionInformer } from './exception-informer.js';
import { ListError, listJson } from '../src/kube/list-json.js';
import {
  EXCEPTION_API_GROUP,
  EXCEPTION_PLURAL,
  EXCEPTION_VERSION,
} from '../src/exception/policy-exception.js';
import { cacheDistrust } from './informer/cache-trust.js';
import type { InformerHealth } from './informer/informer-health.js';
import type { InformerOptions } from './informer/restarting-informer.js';
import type { Logger } from './logger.js';

export interface ClusterExceptions {
  source: ExceptionSource;
  informer: () => InformerHealth;
  /** Hears the namespace of every exception that changes. */
  onChange: (listener: (namespace: string) => void) => void;
  close(): Promise<void>;
}

/**
 * Without the PolicyException CRD there can be no exceptions: the webhook then runs without
 * them (and says so once) rather than failing /readyz on an informer that can never list.
 * Installing the CRD later takes a restart.
 */
export async function openClusterExceptions(
  config: Config,
  kubeConfig: KubeConfig,
  logger: Logger,
  informerOptions: Omit<InformerOptions, 'name'>,
): Promise<ClusterExceptions | undefined> {
  const path = `/apis/${EXCEPTION_API_GROUP}/${EXCEPTION_VERSION}/${EXCEPTION_PLURAL}?limit=1`;
  try {
    await listJson(kubeConfig, path);
  } catch (error) {
    if (error instanceof ListError && error.code === 404) {
      logger.warn(
        { crd: `${EXCEPTION_PLURAL}.${EXCEPTION_API_GROUP}` },
        'the PolicyException CRD is not installed: no exceptions apply (kubectl apply -f manifests/crds/policyexception.yaml, then restart)',
      );
      return undefined;
    }
    // Any other failure is the informer's to retry; until it lists, no exception applies.
  }
  const store = new CachedExceptionStore((error) => {
    logger.warn({ err: error }, 'invalid PolicyException not applied');
  });
  const informer = exceptionInformer(kubeConfig, store, informerOptions);
  const now = () => new Date();
  // An expiry is a change too: what the exception let through is judged again (reports) then.
  const listeners: ((namespace: string) => void)[] = [];
  let expiryTimer: NodeJS.Timeout | undefined;
  const scheduleExpiry = () => {
    clearTimeout(expiryTimer);
    const at = now().getTime();
    const next = store
      .all()
      .map((e) => ({ namespace: e.metadata.namespace, when: Date.parse(e.spec.expires ?? '') }))
      .filter((x) => x.when > at)
      .sort((a, b) => a.when - b.when)[0];
    if (next === undefined) return;
    expiryTimer = setTimeout(
      () => {
        for (const listener of listeners) listener(next.namespace);
        scheduleExpiry();
      },
      Math.min(next.when - at + 1000, 2 ** 31 - 1),
    );
    expiryTimer.unref();
  };
  store.onChange((namespace) => {
    for (const listener of listeners) listener(namespace);
    scheduleExpiry();
  });
  await informer.start();
  logger.info({ exceptions: store.size, informer: informer.status().state }, 'watching PolicyExceptions');
  return {
    source: {
      exceptionsIn: (namespace) => store.exceptionsIn(namespace),
      now,
      distrust: () =>
        cacheDistrust(informer.status(), 'PolicyException', config.exceptions.maxCacheStaleSeconds, now()),
    },
    informer: () => informer.status(),
    onChange: (listener) => listeners.push(listener),
    close: () => {
      clearTimeout(expiryTimer);
      return informer.stop();
    },
  };
}
