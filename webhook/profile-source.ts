/** Builds the profile lookup the configuration asks for: none, a directory, or the cluster. */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Config } from '../src/config/config-schema.js';
import { DirectoryProfileStore } from '../src/profile/directory-profile-store.js';
import { InformerProfileStore, workloadProfileInformer } from '../src/profile/informer-profile-store.js';
import { NO_PROFILES, type ProfileLookup } from '../src/review/review-dependencies.js';
import { StoreProfileLookup } from '../src/review/store-profile-lookup.js';
import type { Logger } from './logger.js';

export interface ProfileSource {
  lookup: ProfileLookup;
  close(): Promise<void>;
}

export async function openProfileSource(
  config: Config,
  kubeConfig: KubeConfig | undefined,
  logger: Logger,
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
    const store = new InformerProfileStore(workloadProfileInformer(kubeConfig), (error) => {
      logger.warn({ err: error }, 'invalid WorkloadProfile ignored');
    });
    await store.start();
    logger.info({ profiles: store.size }, 'watching WorkloadProfiles');
    return { lookup: new StoreProfileLookup(store, profiles.maxAgeHours), close: () => store.stop() };
  }
  return { lookup: NO_PROFILES, close: () => Promise.resolve() };
}
