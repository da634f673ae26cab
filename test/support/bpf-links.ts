/** The kernel's own list of BPF programs and links (bpftool), to see what the recorder attached. */
import { execFileSync } from 'node:child_process';

interface BpfObject {
  id: number;
  prog_id?: number;
  name?: string;
}

function bpftool(what: 'prog' | 'link'): BpfObject[] {
  return JSON.parse(execFileSync('bpftool', [what, 'show', '--json'], { encoding: 'utf8' })) as BpfObject[];
}

const isSyscallProgram = (name: string | undefined) =>
  name === 'on_sys_enter' || /^on_sys_exit_/.test(name ?? '');

/** Ids of the programs loaded now. */
export function programIds(): Set<number> {
  return new Set(bpftool('prog').map((p) => p.id));
}

/** The recorder's syscall programs loaded since `before` (every one, when `before` is empty). */
export function syscallPrograms(before: Set<number> = new Set()): Set<number> {
  return new Set(
    bpftool('prog')
      .filter((p) => !before.has(p.id) && isSyscallProgram(p.name))
      .map((p) => p.id),
  );
}

/** How many of the kernel's links attach one of `programs`. */
export function linksOf(programs: Set<number>): number {
  return bpftool('link').filter((l) => l.prog_id !== undefined && programs.has(l.prog_id)).length;
}

/**
 * Polls linksOf(programs) until `expected` holds (at most 10 s): closing a syscall tracepoint's
 * perf event waits for a grace period, so a detach takes the kernel a few seconds.
 */
export async function linksWhen(
  programs: () => Set<number>,
  expected: (n: number) => boolean,
): Promise<number> {
  let n = linksOf(programs());
  for (let i = 0; i < 100 && !expected(n); i++) {
    await new Promise((r) => setTimeout(r, 100));
    n = linksOf(programs());
  }
  return n;
}
