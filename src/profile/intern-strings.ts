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

/**
 * The profile with every string in it interned in `table` (in place; returns it). All of them,
 * not only the name lists: one string left a slice (a name, a timestamp, a reason) keeps its
 * whole file text alive.
 */
export function internProfileStrings(profile: WorkloadProfile, table: Map<string, string>): WorkloadProfile {
  internAll(profile, table);
  return profile;
}

function internAll(value: unknown, table: Map<string, string>): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'string') value[i] = intern(table, item);
      else internAll(item, table);
    }
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (typeof item === 'string') record[key] = intern(table, item);
      else internAll(item, table);
    }
  }
}
