/**
 * A ProfileStore over a directory of profile files (YAML or JSON, see profile-files.ts), for
 * standalone use (`profilegate eval`, a webhook without the CRD) and tests.
 *
 * Profiles are matched by ProfileIndex (profile-store.ts), the rule `profilegate eval` uses too;
 * two files describing the same workload in the same namespace are a load error.
 *
 * `watch()` reloads when the directory changes. A reload that fails keeps the profiles of the
 * last good load and reports the error through `onError`, so a half-written file never empties
 * the store.
 */
import { readFile, readdir } from 'node:fs/promises';
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { PROFILE_FILE, ProfileLoadError, parseProfileText } from './profile-files.js';
import { ProfileIndex, type ProfileKey, type ProfileStore } from './profile-store.js';
import { internProfileStrings } from './intern-strings.js';
import type { WorkloadProfile } from './workload-profile.js';

export class DirectoryProfileStore implements ProfileStore {
  private index = new ProfileIndex();
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  private constructor(readonly directory: string) {}

  /** Loads every profile file of `directory`; throws ProfileLoadError naming every bad file and field. */
  static async load(directory: string): Promise<DirectoryProfileStore> {
    const store = new DirectoryProfileStore(directory);
    await store.reload();
    return store;
  }

  get(key: ProfileKey): WorkloadProfile | undefined {
    return this.index.get(key);
  }

  get size(): number {
    return this.index.size;
  }

  /** Re-reads the directory; on failure the previous profiles stay and the error is thrown. */
  async reload(): Promise<void> {
    const names = (await readdir(this.directory)).filter((n) => PROFILE_FILE.test(n)).sort();
    const paths = names.map((name) => join(this.directory, name));
    const texts = await readAll(paths);
    const next = new ProfileIndex();
    const strings = new Map<string, string>();
    const problems: string[] = [];
    for (const [i, path] of paths.entries()) {
      let profiles: WorkloadProfile[];
      try {
        profiles = parseProfileText(texts[i] ?? '', path);
      } catch (error) {
        if (!(error instanceof ProfileLoadError)) throw error;
        problems.push(...error.problems);
        continue;
      }
      for (const p of profiles) {
        const problem = next.add(internProfileStrings(p, strings), path);
        if (problem !== undefined) problems.push(problem);
      }
    }
    if (problems.length > 0) throw new ProfileLoadError(problems);
    this.index = next;
  }

  /** Reloads (debounced) whenever a file in the directory changes, until close(). */
  watch(onError: (error: unknown) => void, debounceMs = 200): void {
    if (this.watcher !== undefined) return;
    this.watcher = watch(this.directory, () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.reload().catch(onError);
      }, debounceMs);
    });
    this.watcher.on('error', onError);
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }
}

/** Files read a few at a time (one at a time, 10,000 files wait on 10,000 round trips). */
async function readAll(paths: readonly string[], inFlight = 32): Promise<string[]> {
  const texts = new Array<string>(paths.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < paths.length) {
      const i = next++;
      texts[i] = await readFile(paths[i] as string, 'utf8');
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, paths.length) }, lane));
  return texts;
}
