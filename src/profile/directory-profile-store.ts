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
    const strings = new Map<string, string>();
    // Parsed as read, so no more than a lane's worth of file text is held at once.
    const parsed = await readAll(paths, (text, path): WorkloadProfile[] | ProfileLoadError => {
      try {
        return parseProfileText(text, path).map((p) => internProfileStrings(p, strings));
      } catch (error) {
        if (!(error instanceof ProfileLoadError)) throw error;
        return error;
      }
    });
    // Taken in file order, so the problems and which of two clashing files is named first do
    // not depend on which read finished first.
    const next = new ProfileIndex();
    const problems: string[] = [];
    for (const [i, path] of paths.entries()) {
      const result = parsed[i] ?? [];
      if (result instanceof ProfileLoadError) {
        problems.push(...result.problems);
        continue;
      }
      for (const p of result) {
        const problem = next.add(p, path);
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

/**
 * Files read a few at a time (one at a time, 10,000 files wait on 10,000 round trips), each
 * handed to `parse` as it arrives; the results in the order of `paths`.
 */
async function readAll<T>(
  paths: readonly string[],
  parse: (text: string, path: string) => T,
  inFlight = 32,
): Promise<T[]> {
  const results = new Array<T>(paths.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < paths.length) {
      const i = next++;
      const path = paths[i] as string;
      results[i] = parse(await readFile(path, 'utf8'), path);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, paths.length) }, lane));
  return results;
}
