/** Builds the profile lookup the configuration asks for: none, a directory, or the cluster. */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Config } from '../src/config/config-schema.js';
import { DirectoryProfileStore } from '../src/profile/directory-profile-store.js';
import { CachedProfileStore } from '../src/profile/cached-profile-store.js';
import { NO_PROFILES, type ProfileLookup } from '../src/review/review-dependencies.js';
import { StoreProfileLookup } from '../src/review/store-profile-lookup.js';
import type { Logger } from './logger.js';
import { cacheDistrust } from './informer/cache-trust.js';
import type { InformerHealth } from './informer/informer-health.js';
import type { InformerOptions } from './informer/restarting-informer.js';

export interface ProfileSource {
  lookup: ProfileLookup;
  /** The WorkloadProfile informer's health, when profiles come from the cluster. */
  informer?: () => InformerHealth;
  /** Hears the workload key (namespace/kind/name) of each WorkloadProfile that changes (cluster source). */
  onChange?: (listener: (key: string) => void) => void;
  close(): Promise<void>;
}

export async function openProfileSource(
  config: Config,
  kubeConfig: KubeConfig | undefined,
  logger: Logger,
  informerOptions: Omit<InformerOptions, 'name'>,
): Promise<ProfileSource> {
  const { profiles } = config;
  if (profiles.source === 'directory' && profiles.directory) {
    const store = await DirectoryProfileStore.load(profiles.directory);
    store.watch((error) =>
      logger.error({ err: error }, 'profile directory reload failed; keeping the last good profiles'),
    );
    logger.info({ directory: profiles.directory, profiles: store.size }, 'profiles loaded from directory');
    return {
      lookup: new StoreProfileLookup(store, profiles.maxAgeHours),
      close: () => {
        store.close();
        return Promise.resolve();
      },
    };
  }
  if (profiles.source === 'cluster' && kubeConfig) {
    const store = new CachedProfileStore((error) => {
      logger.warn({ err: error }, 'invalid WorkloadProfile ignored');
    });
    // Imported here: it loads @kubernetes/client-node, which the other sources do not need.
    const { profileInformer } = await import('./profile-informer.js');
    const informer = profileInformer(kubeConfig, store, informerOptions);
    await informer.start();
    logger.info({ profiles: store.size, informer: informer.status().state }, 'watching WorkloadProfiles');
    const now = () => new Date();
    const distrust = () => cacheDistrust(informer.status(), 'profile', profiles.maxCacheStaleSeconds, now());
    return {
      lookup: new StoreProfileLookup(store, profiles.maxAgeHours, now, distrust),
      informer: () => informer.status(),
      onChange: (listener) => store.onChange(listener),
      close: () => informer.stop(),
    };
  }
  return { lookup: NO_PROFILES, close: () => Promise.resolve() };
}
