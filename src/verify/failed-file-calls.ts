/**
 * The file and permission errors the kernel returned to the command, from strace (Debian's, on
 * the host root that is the container's rootfs) run inside the container as the command's parent:
 * `strace -f -qq -e status=failed` writes one line per failed syscall to a file in a directory
 * verify mounts for it. Only the errors that say what a patch can break are kept: EROFS, EACCES,
 * EPERM, ENOENT and ENOTDIR, each as `syscall "path": ERRNO (message)` (a socket call shows its
 * address, `bind 0.0.0.0:80: EACCES (Permission denied)`).
 */
import { existsSync } from 'node:fs';

const STRACE = '/usr/bin/strace';
export const TRACE_DIR = '/.profilegate-verify';
export const TRACE_FILE = `${TRACE_DIR}/strace.log`;

export function straceAvailable(): boolean {
  return existsSync(STRACE);
}

export function straced(command: string[]): string[] {
  return [
    STRACE,
    '-f',
    '-qq',
    '-e',
    'status=failed',
    '-e',
    'signal=none',
    '-o',
    TRACE_FILE,
    '--',
    ...command,
  ];
}

const LINE = /^(?:\[pid\s+)?\d*\]?\s*(\w+)\((.*)\) = -1 (EROFS|EACCES|EPERM|ENOENT|ENOTDIR) \(([^)]*)\)$/;
const PATH = /"((?:[^"\\]|\\.)*)"/;
const PORT = /sin6?_port=htons\((\d+)\)/;
const ADDRESS = /inet_(?:addr\(|pton\(AF_INET6, )"([^"]+)"/;

/** What a call was about: its socket address (`0.0.0.0:80`) or its first path argument. */
function subject(args: string): string | undefined {
  const port = PORT.exec(args)?.[1];
  if (port !== undefined) return `${ADDRESS.exec(args)?.[1] ?? '?'}:${port}`;
  const path = PATH.exec(args)?.[1];
  return path === undefined ? undefined : `"${path}"`;
}

/** `openat "/var/log/nginx/error.log": EROFS (Read-only file system)`, one per distinct failure. */
export function parseFailedCalls(log: string): string[] {
  const out = new Set<string>();
  for (const raw of log.split('\n')) {
    const m = LINE.exec(raw.trim());
    if (!m) continue;
    const [, syscall, args, errno, message] = m;
    const about = subject(args ?? '');
    out.add(`${syscall}${about === undefined ? '' : ` ${about}`}: ${errno} (${message})`);
  }
  return [...out];
}
