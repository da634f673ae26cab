/**
 * What a node leaves on the host when its processes are gone, removed synchronously so the same
 * code runs from a test's teardown and from a process exit handler (a failed or interrupted run):
 * container processes and shims, mounts under the run's directory, the pods' network namespaces,
 * the pods' cgroups, the bridge, and the iptables chains of kube-proxy and the kubelet.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const NETNS_DIR = '/var/run/netns';
const CGROUP_ROOT = '/sys/fs/cgroup';
/** The kubelet's pod cgroups (cgroupRoot /, cgroupsPerQOS). */
const POD_CGROUP = 'kubepods';

/** The network namespaces that exist now (the CRI plugin adds `cni-<uuid>` ones per pod). */
export function networkNamespaces(): Set<string> {
  return new Set(existsSync(NETNS_DIR) ? readdirSync(NETNS_DIR) : []);
}

function quietly(command: string, args: readonly string[]): void {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
  } catch {
    // already gone
  }
}

/** SIGKILL to every process whose command line mentions `marker` (e.g. containerd's socket path). */
export function killProcessesMentioning(marker: string): void {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(marker)) process.kill(Number(entry), 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
}

/** Unmounts everything mounted under `dir`, deepest first (lazily: a busy mount still goes). */
export function unmountUnder(dir: string): void {
  const mountPoints = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .map((point) => point.replace(/\\040/g, ' '))
    .filter((point) => point === dir || point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const point of mountPoints) quietly('umount', ['--lazy', point]);
}

/** Deletes the network namespaces that are not in `before`. */
export function deleteNetworkNamespacesSince(before: ReadonlySet<string>): void {
  for (const name of networkNamespaces()) {
    if (!before.has(name)) quietly('ip', ['netns', 'delete', name]);
  }
}

/** Kills what is left in `cgroup` and below, then removes the directories, leaves first. */
function removeCgroupTree(cgroup: string): void {
  if (!existsSync(cgroup)) return;
  for (const entry of readdirSync(cgroup)) {
    const child = join(cgroup, entry);
    if (statSync(child).isDirectory()) removeCgroupTree(child);
  }
  try {
    for (const pid of readFileSync(join(cgroup, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // exited meanwhile
      }
    }
  } catch {
    // no cgroup.procs: not a cgroup directory
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      rmdirSync(cgroup);
      return;
    } catch {
      // the killed processes take a moment to leave the cgroup
      execFileSync('sleep', ['0.1']);
    }
  }
}

/** Removes the pod cgroups in every hierarchy (v2, or each v1 controller and the hybrid unified one). */
export function removePodCgroups(): void {
  removeCgroupTree(join(CGROUP_ROOT, POD_CGROUP));
  for (const hierarchy of readdirSync(CGROUP_ROOT)) {
    removeCgroupTree(join(CGROUP_ROOT, hierarchy, POD_CGROUP));
  }
}

/**
 * Deletes every `KUBE-*` chain (kube-proxy's Services, the kubelet's firewall and canaries) and the
 * rules that jump to them, in each table, for IPv4 and IPv6. kube-proxy --cleanup leaves the
 * kubelet's chains, and on a shared machine none may stay.
 */
export function removeKubeIptablesChains(): void {
  for (const [save, tool] of [
    ['iptables-save', 'iptables'],
    ['ip6tables-save', 'ip6tables'],
  ] as const) {
    let dump: string;
    try {
      dump = execFileSync(save, [], { encoding: 'utf8' });
    } catch {
      continue;
    }
    let table = '';
    const chains = new Map<string, string[]>();
    const jumps: { table: string; rule: string[] }[] = [];
    for (const line of dump.split('\n')) {
      if (line.startsWith('*')) table = line.slice(1);
      else if (line.startsWith(':KUBE-')) {
        chains.set(table, [...(chains.get(table) ?? []), line.slice(1).split(' ')[0] ?? '']);
      } else if (line.startsWith('-A ') && !line.startsWith('-A KUBE-') && / -j KUBE-/.test(line)) {
        jumps.push({ table, rule: line.slice(3).split(' ') });
      }
    }
    // A rule is deleted by its specification; iptables-save quotes comments with spaces.
    for (const { table: t, rule } of jumps) {
      quietly(tool, ['-t', t, '-D', ...splitRule(rule.join(' '))]);
    }
    for (const [t, names] of chains) {
      for (const name of names) quietly(tool, ['-t', t, '-F', name]);
      for (const name of names) quietly(tool, ['-t', t, '-X', name]);
    }
  }
}

/** Splits an iptables-save rule into arguments, keeping "quoted words" together. */
function splitRule(rule: string): string[] {
  return [...rule.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}
