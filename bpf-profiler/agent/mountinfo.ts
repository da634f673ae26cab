/**
 * The lines of /proc/<pid>/mountinfo (proc(5)): `id parent major:minor root mountpoint options
 * [optional fields] - fstype source superoptions`, with the fields the agent reads. Space, tab,
 * newline and backslash in a path are written as octal escapes (\040 …); the mount point comes
 * unescaped, super options as the kernel wrote them (their own escapes differ per file system).
 */
export interface MountEntry {
  mountPoint: string;
  fsType: string;
  superOptions: string;
}

export function mountEntries(mountinfo: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    const mountPoint = left?.split(' ')[4];
    const [fsType, , superOptions] = right?.split(' ') ?? [];
    if (mountPoint === undefined || fsType === undefined) continue;
    entries.push({ mountPoint: unescapeMountinfo(mountPoint), fsType, superOptions: superOptions ?? '' });
  }
  return entries;
}

export function unescapeMountinfo(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
