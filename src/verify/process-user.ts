/**
 * The uid, gid and additional gids of a container's process, resolved the way containerd does
 * against the root filesystem's /etc/passwd and /etc/group (`oci.WithUser`, `WithAdditionalGIDs`
 * with SupplementalGroupsPolicy Merge, `WithSupplementalGroups`): a uid without runAsGroup takes
 * that user's primary group (0 when the uid has no passwd entry); additional gids are the groups
 * that list the user, the primary gid, supplementalGroups and fsGroup (kubelet passes fsGroup as
 * a supplemental group).
 */
export interface ProcessUser {
  uid: number;
  gid: number;
  additionalGids: number[];
}

export interface UserRequest {
  /** runAsUser (container, else pod); undefined = the image's user, root for the host rootfs. */
  runAsUser: number | undefined;
  runAsGroup: number | undefined;
  supplementalGroups: number[];
  fsGroup: number | undefined;
}

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
}

function passwdEntries(passwd: string): PasswdEntry[] {
  return passwd
    .split('\n')
    .map((line) => line.split(':'))
    .filter((f) => f.length >= 4 && f[0] !== '' && !f[0]?.startsWith('#'))
    .map((f) => ({ name: f[0] ?? '', uid: Number(f[2]), gid: Number(f[3]) }))
    .filter((e) => Number.isInteger(e.uid) && Number.isInteger(e.gid));
}

function groupsListing(group: string, name: string): number[] {
  const gids: number[] = [];
  for (const line of group.split('\n')) {
    const [groupName, , gid, members] = line.split(':');
    if (groupName === undefined || gid === undefined || groupName === name) continue;
    if ((members ?? '').split(',').includes(name) && Number.isInteger(Number(gid))) gids.push(Number(gid));
  }
  return gids;
}

export function resolveProcessUser(request: UserRequest, passwd: string, group: string): ProcessUser {
  const uid = request.runAsUser ?? 0;
  const entry = passwdEntries(passwd).find((e) => e.uid === uid);
  const gid = request.runAsGroup ?? entry?.gid ?? 0;
  const listed = entry === undefined ? [] : groupsListing(group, entry.name);
  const extra = request.fsGroup === undefined ? [] : [request.fsGroup];
  const additionalGids = [...new Set([gid, ...listed, ...request.supplementalGroups, ...extra])].sort(
    (a, b) => a - b,
  );
  return { uid, gid, additionalGids };
}
