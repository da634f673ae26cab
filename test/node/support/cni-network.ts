import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The pods' addresses: one node, one bridge. */
export const POD_CIDR = '10.244.0.0/24';
/** The bridge the CNI bridge plugin creates on the first pod; deleted at teardown. */
export const BRIDGE = 'pgnode0';

/**
 * A bridge + host-local network with loopback (containerd adds lo itself). No ipMasq and no
 * portmap: pods talk to the node and to each other only, so the plugins leave no iptables chains
 * behind; Services are kube-proxy's.
 */
export async function writeCniConfig(confDir: string, podCidr: string, ipamDir: string): Promise<void> {
  const conflist = {
    cniVersion: '1.0.0',
    name: 'profilegate-node',
    plugins: [
      {
        type: 'bridge',
        bridge: BRIDGE,
        isGateway: true,
        ipMasq: false,
        hairpinMode: true,
        // Leases in the run's directory, not /var/lib/cni: nothing outlives the run.
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet: podCidr }]],
          routes: [{ dst: '0.0.0.0/0' }],
          dataDir: ipamDir,
        },
      },
    ],
  };
  await writeFile(join(confDir, '10-profilegate.conflist'), JSON.stringify(conflist, null, 2));
}

/** Removes the bridge (its addresses and routes go with it); nothing if it was never created. */
export function deleteBridge(): void {
  try {
    execFileSync('ip', ['link', 'delete', BRIDGE], { stdio: 'ignore' });
  } catch {
    // never created, or gone
  }
}
