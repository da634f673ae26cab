/**
 * Which syscalls a seccomp filter refused, from the kernel's own records: a filter whose default
 * action is SCMP_ACT_LOG lets every syscall through and the kernel emits one audit record
 * (type 1326, AUDIT_SECCOMP) per call it would have refused. Records are read from the audit
 * netlink multicast group (AUDIT_NLGRP_READLOG, root's CAP_AUDIT_READ), which every record
 * reaches with or without auditd. Not from /dev/kmsg: without auditd the kernel prints them
 * there through printk_ratelimit (10 per 5 s), so most are lost. Node has no AF_NETLINK sockets,
 * so a few lines of Debian's python3 listen and print each record; numbers become names with the
 * kernel's own table (asm/unistd_64.h).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { VerifyEnvironmentError } from './verify-errors.js';

const UNISTD_64 = '/usr/include/x86_64-linux-gnu/asm/unistd_64.h';
const AUDIT_ARCH_X86_64 = 'c000003e';
/** Debian's interpreter, not whatever a version manager puts first on PATH. */
const PYTHON = '/usr/bin/python3';

const LISTENER = `
import socket, struct, sys
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 9)  # NETLINK_AUDIT
s.bind((0, 1))  # AUDIT_NLGRP_READLOG
print("ready", flush=True)
while True:
    data, off = s.recv(1 << 16), 0
    while off + 16 <= len(data):
        length, kind = struct.unpack_from("=IH", data, off)
        if length < 16: break
        if kind == 1326:
            print(data[off + 16:off + length].split(b"\\0")[0].decode("utf8", "replace"), flush=True)
        off += (length + 3) & ~3
`;

export interface SeccompRecord {
  pid: number;
  exe: string;
  syscall: string;
}

let syscallNames: Map<number, string> | undefined;

async function syscallTable(): Promise<Map<number, string>> {
  if (syscallNames) return syscallNames;
  let text: string;
  try {
    text = await readFile(UNISTD_64, 'utf8');
  } catch {
    throw new VerifyEnvironmentError(
      `cannot read ${UNISTD_64} (Debian package linux-libc-dev) to name syscalls`,
    );
  }
  syscallNames = new Map();
  for (const m of text.matchAll(/^#define __NR_(\w+) (\d+)$/gm)) syscallNames.set(Number(m[2]), m[1] ?? '');
  return syscallNames;
}

const RECORD = / pid=(\d+) .*?exe="([^"]*)".*? arch=([0-9a-f]+) syscall=(\d+)/;

export class SeccompAuditListener {
  private output = '';

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (c: string) => (this.output += c));
  }

  static async start(): Promise<SeccompAuditListener> {
    const child = spawn(PYTHON, ['-c', LISTENER], { stdio: ['ignore', 'pipe', 'pipe'] });
    const listener = new SeccompAuditListener(child);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const ready = await Promise.race([
      new Promise<boolean>((resolve) => {
        const check = (): void => {
          if (listener.output.startsWith('ready\n')) resolve(true);
        };
        child.stdout.on('data', check);
        child.on('exit', () => resolve(false));
        child.on('error', () => resolve(false));
      }),
      sleep(10_000).then(() => false),
    ]);
    if (!ready) {
      child.kill('SIGKILL');
      throw new VerifyEnvironmentError(
        `cannot listen to the kernel's audit records (python3, NETLINK_AUDIT): ${stderr.trim() || 'no answer'}`,
      );
    }
    return listener;
  }

  /** Stops listening; the records of the given pids (the container's), first one per syscall. */
  async stop(pids: Set<number>): Promise<SeccompRecord[]> {
    // kauditd delivers asynchronously: wait until nothing new arrived for 300 ms (at most 5 s),
    // so a loaded machine does not lose the last records of the run.
    const deadline = Date.now() + 5000;
    let seen = -1;
    while (seen !== this.output.length && Date.now() < deadline) {
      seen = this.output.length;
      await sleep(300);
    }
    this.child.kill('SIGTERM');
    const table = await syscallTable();
    const out: SeccompRecord[] = [];
    for (const line of this.output.split('\n')) {
      const m = RECORD.exec(line);
      if (!m) continue;
      const pid = Number(m[1]);
      if (!pids.has(pid)) continue;
      const number = Number(m[4]);
      const syscall =
        m[3] === AUDIT_ARCH_X86_64 ? (table.get(number) ?? `syscall ${number}`) : `${m[3]}:${number}`;
      if (!out.some((r) => r.syscall === syscall && r.exe === m[2]))
        out.push({ pid, exe: m[2] ?? '', syscall });
    }
    return out;
  }
}
