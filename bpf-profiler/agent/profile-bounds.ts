/**
 * Fits a ContainerProfile into the bounds of the contract (PROFILE_LIMITS): peers aggregated,
 * throwaway names collapsed, paths collapsed to directories (all of which only widen). A list
 * that still does not fit is cut and named in `incomplete`, so the rules that rely on it only
 * warn: a cut list is never trusted as the whole truth. Applied wherever profiles are produced
 * (the agent's contributions and merges, `profilegate profile`).
 */
import {
  PROFILE_LIMITS,
  type ContainerField,
  type ContainerProfile,
} from '../../src/profile/workload-profile.js';
import { aggregatePeers } from './peer-aggregation.js';
import { collapseDirectories, collapseExecutable } from './path-collapse.js';

export function boundContainer(c: ContainerProfile): ContainerProfile {
  const incomplete = new Set<ContainerField>(c.incomplete ?? []);
  const fit = <T>(field: ContainerField, items: T[]): T[] => {
    const max = PROFILE_LIMITS[field];
    if (items.length <= max) return items;
    incomplete.add(field);
    return items.slice(0, max);
  };
  const bounded: ContainerProfile = {
    ...c,
    capabilities: fit('capabilities', c.capabilities),
    syscalls: fit('syscalls', c.syscalls),
    executables: fit('executables', [...new Set(c.executables.map(collapseExecutable))].sort()),
    writePaths: fit('writePaths', collapseDirectories(c.writePaths)),
    readPaths: fit('readPaths', collapseDirectories(c.readPaths)),
    // Not collapsed: widening a directory that holds used content could move it out from under
    // the emptyDir it argues against.
    preexistingWriteDirs: fit('preexistingWriteDirs', c.preexistingWriteDirs),
    preexistingUse: fit('preexistingUse', c.preexistingUse),
    listeningPorts: fit('listeningPorts', c.listeningPorts),
    outboundPeers: fit('outboundPeers', aggregatePeers(c.outboundPeers)),
    uids: fit('uids', c.uids),
    gids: fit('gids', c.gids),
  };
  delete bounded.incomplete;
  return incomplete.size === 0 ? bounded : { ...bounded, incomplete: [...incomplete].sort() };
}
