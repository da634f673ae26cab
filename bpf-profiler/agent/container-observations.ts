/**
 * Everything observed for one tracked key (one container), as sets. Applying the same
 * observation twice changes nothing, so merging the recorder's output, replays and other
 * nodes' findings is plain set union.
 */
import { posix } from 'node:path';
import type { Observation } from './recorder-messages.js';

export interface PeerKey {
  addr: string;
  family: 4 | 6;
  port: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

export class ContainerObservations {
  readonly syscalls = new Set<string>();
  readonly capabilities = new Set<string>();
  readonly executables = new Set<string>();
  readonly writeDirs = new Set<string>();
  readonly readDirs = new Set<string>();
  /** `TCP/80` */
  readonly listening = new Set<string>();
  /** JSON of PeerKey, for set semantics. */
  readonly peers = new Set<string>();
  readonly uids = new Set<number>();
  readonly gids = new Set<number>();
  privilegeTransitions = false;
  /** A path was longer than the recorder walks: the profile names an ancestor instead. */
  truncatedPaths = 0;

  apply(o: Observation): void {
    switch (o.type) {
      case 'summary':
        for (const s of o.syscalls) this.syscalls.add(s);
        break;
      case 'cap':
        if (o.counted) this.capabilities.add(o.cap);
        break;
      case 'exec':
        this.executables.add(o.path);
        if (o.truncated) this.truncatedPaths++;
        break;
      case 'file':
        (o.access === 'write' ? this.writeDirs : this.readDirs).add(o.dir);
        if (o.truncated) this.truncatedPaths++;
        break;
      case 'named':
        this.writeDirs.add(namedWriteDir(o.base, o.arg));
        if (o.truncated) this.truncatedPaths++;
        break;
      case 'ids':
        this.uids.add(o.uid).add(o.euid);
        this.gids.add(o.gid).add(o.egid);
        if (o.transition) this.privilegeTransitions = true;
        break;
      case 'listen':
        this.listening.add(`${o.protocol}/${o.port}`);
        break;
      case 'connect':
        this.peers.add(
          JSON.stringify({ addr: o.addr, family: o.family, port: o.port, protocol: o.protocol }),
        );
        break;
    }
  }
}

/**
 * The directory a path syscall wrote in: the parent of its argument, resolved against the
 * base directory the kernel reported (cwd or dirfd; null when the argument was absolute).
 * An empty argument (AT_EMPTY_PATH) names the base itself, a file: its directory was written.
 */
export function namedWriteDir(base: string | null, arg: string): string {
  if (arg === '') return base === null ? '/' : posix.dirname(base);
  const full = posix.resolve(base ?? '/', arg);
  return full === '/' ? '/' : posix.dirname(full);
}
