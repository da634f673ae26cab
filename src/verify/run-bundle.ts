/**
 * The on-disk bundle of one run: a temp dir holding a tmpfs with the root filesystem's writable
 * layer, the rootfs (an overlay whose lower layer is the host's root filesystem, so writes under a
 * writable root never reach the host and a read-only root is the host tree as it is), the
 * emptyDir directories and config.json. destroy() unmounts and removes all of it, whatever failed.
 */
import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { PreparedDirectory } from './container-volumes.js';
import type { OciSpec } from './oci-types.js';
import { VerifyEnvironmentError } from './verify-errors.js';

const run = promisify(execFile);

async function mount(args: string[]): Promise<void> {
  try {
    await run('mount', args);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new VerifyEnvironmentError(`mount ${args.join(' ')} failed: ${stderr ?? String(error)}`);
  }
}

export class RunBundle {
  private mounted: string[] = [];

  private constructor(readonly dir: string) {}

  get rootfs(): string {
    return join(this.dir, 'rootfs');
  }

  get volumesDir(): string {
    return join(this.dir, 'layer', 'volumes');
  }

  static async create(): Promise<RunBundle> {
    const bundle = new RunBundle(await mkdtemp(join(tmpdir(), 'profilegate-verify-')));
    try {
      const layer = join(bundle.dir, 'layer');
      await mkdir(layer);
      await mount(['-t', 'tmpfs', '-o', 'mode=0700', 'tmpfs', layer]);
      bundle.mounted.unshift(layer);
      await Promise.all(['upper', 'work', 'volumes'].map((d) => mkdir(join(layer, d))));
      await mkdir(bundle.rootfs);
      const options = `lowerdir=/,upperdir=${join(layer, 'upper')},workdir=${join(layer, 'work')}`;
      await mount(['-t', 'overlay', '-o', options, 'overlay', bundle.rootfs]);
      bundle.mounted.unshift(bundle.rootfs);
      return bundle;
    } catch (error) {
      await bundle.destroy();
      throw error;
    }
  }

  async prepare(directories: PreparedDirectory[], createHostPaths: string[], spec: OciSpec): Promise<void> {
    for (const d of directories) {
      await mkdir(d.path, { recursive: true });
      await chown(d.path, d.uid, d.gid);
      // chmod after chown: chown clears the setgid bit.
      await chmod(d.path, d.mode);
    }
    for (const p of createHostPaths) await mkdir(p, { recursive: true, mode: 0o755 });
    await writeFile(join(this.dir, 'config.json'), `${JSON.stringify(spec, null, 2)}\n`);
  }

  async destroy(): Promise<void> {
    for (const path of this.mounted) {
      await run('umount', ['--lazy', path]).catch(() => undefined);
    }
    this.mounted = [];
    // Never remove through a mount that is still there: the rootfs shows the host's files.
    const mountInfo = await readFile('/proc/self/mountinfo', 'utf8');
    if (mountInfo.split('\n').some((line) => line.split(' ')[4]?.startsWith(this.dir))) {
      throw new VerifyEnvironmentError(`${this.dir} still holds a mount; left in place`);
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
