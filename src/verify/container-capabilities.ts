/**
 * The capability set of a container as containerd's CRI plugin computes it
 * (`internal/cri/opts` WithCapabilities, then WithPrivileged): start from the runtime default;
 * `add: [ALL]` grants every capability, `drop: [ALL]` clears the set, then the other entries of
 * `add` are added and those of `drop` removed (drop wins over add); privileged grants all.
 */
import {
  ALL_CAPABILITIES,
  RUNTIME_DEFAULT_CAPABILITIES,
  normalizeCapability,
} from '../hardening/capabilities.js';
import { arr, obj, type Obj } from '../schema/pod-spec.js';

export function containerCapabilities(securityContext: Obj): string[] {
  if (securityContext.privileged === true) return [...ALL_CAPABILITIES];
  const caps = obj(securityContext.capabilities);
  const add = arr(caps.add).map((c) => normalizeCapability(String(c)));
  const drop = arr(caps.drop).map((c) => normalizeCapability(String(c)));
  let set = new Set(RUNTIME_DEFAULT_CAPABILITIES);
  if (add.includes('ALL')) set = new Set(ALL_CAPABILITIES);
  if (drop.includes('ALL')) set = new Set();
  for (const c of add) if (c !== 'ALL') set.add(c);
  for (const c of drop) set.delete(c);
  return [...set].sort();
}
