/**
 * A container's image layers, from the overlay mount containerd makes for its root file system
 * (`<state>/io.containerd.runtime.v2.task/k8s.io/<container id>/rootfs`, in the host's mount
 * namespace). The agent reads its own /proc/self/mountinfo: on the host that lists the mount;
 * in the DaemonSet, /run/containerd is mounted with HostToContainer propagation so it does, and
 * the snapshotter's directory is mounted read-only at the same path so the layers are reachable
 * as named. No hostPID and no CAP_SYS_PTRACE are needed (docs/bpf-profiler.md).
 *
 * Anything else (another runtime, a non-overlay snapshotter, relative layer paths, which
 * containerd uses when the option string would exceed a page) gives no layers: the agent then
 * treats the container's files as unexaminable, and no emptyDir is proposed for it.
 */
import { readFileSync } from 'node:fs';
import { mountEntries, unescapeMountinfo } from './mountinfo.js';

/** The lower directories of `containerId`'s rootfs overlay, topmost first, or undefined. */
export function rootfsLayers(mountinfo: string, containerId: string): string[] | undefined {
  const suffix = `/k8s.io/${containerId}/rootfs`;
  const mount = mountEntries(mountinfo).find((m) => m.mountPoint.endsWith(suffix));
  return mount?.fsType === 'overlay' ? lowerDirs(mount.superOptions) : undefined;
}

/**
 * `lowerdir=a:b` (the classic option; `::` before data-only layers) or repeated `lowerdir+=a`
 * and `datadir+=a` (the kernel's fsconfig form), as the kernel shows them: `\` escapes `:` and
 * `,` inside a path.
 */
function lowerDirs(superOptions: string): string[] | undefined {
  const dirs: string[] = [];
  for (const option of splitUnescaped(superOptions, ',')) {
    const eq = option.indexOf('=');
    const name = option.slice(0, eq);
    const value = option.slice(eq + 1);
    if (name === 'lowerdir') dirs.push(...splitUnescaped(value, ':').filter((d) => d !== ''));
    else if (name === 'lowerdir+' || name === 'datadir+') dirs.push(value);
  }
  const paths = dirs.map((d) => unescapeMountinfo(d).replace(/\\(.)/g, '$1'));
  return paths.length > 0 && paths.every((p) => p.startsWith('/')) ? paths : undefined;
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + (text[i + 1] ?? '');
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** Reads this process's mountinfo each time (containers come and go); a few KB, once per container. */
export function readRootfsLayers(containerId: string): string[] | undefined {
  return rootfsLayers(readFileSync('/proc/self/mountinfo', 'utf8'), containerId);
}
