/**
 * One copy of each string the profiles of a directory load repeat: the same syscall, capability
 * and path names recur in thousands of profiles, and a string a YAML parser sliced from its file
 * keeps the whole file text alive. Interned strings are flat copies, shared by every profile of
 * the load. The table belongs to one load (directory-profile-store.ts), so a long-running process
 * that parses profiles again and again (the agent, the informer) never accumulates one.
 */
import type { WorkloadProfile } from './workload-profile.js';

function intern(table: Map<string, string>, value: string): string {
  let canonical = table.get(value);
  if (canonical === undefined) {
    // A flat copy: neither a slice of the parsed text nor a cons of it.
    canonical = Buffer.from(value, 'utf8').toString('utf8');
    table.set(canonical, canonical);
  }
  return canonical;
}

const LISTS = [
  'capabilities',
  'syscalls',
  'executables',
  'writePaths',
  'readPaths',
  'preexistingUse',
] as const;

/** The profile with its containers' name lists interned in `table` (in place; returns it). */
export function internProfileStrings(profile: WorkloadProfile, table: Map<string, string>): WorkloadProfile {
  for (const container of profile.spec.containers) {
    for (const list of LISTS) {
      const values = container[list];
      for (let i = 0; i < values.length; i++) values[i] = intern(table, values[i] as string);
    }
  }
  return profile;
}
