/** ImageLayerProbe on real layer directories, merged as overlayfs merges them (run as root: whiteouts are device nodes). */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ImageLayerProbe } from '../../../bpf-profiler/agent/image-layer-probe.js';

describe('ImageLayerProbe', () => {
  let root: string;
  let upper: string;
  let lower: string;
  let probe: ImageLayerProbe;

  const file = (layer: string, path: string, content = 'x'): void => {
    mkdirSync(dirname(join(layer, path)), { recursive: true });
    writeFileSync(join(layer, path), content);
  };
  const dir = (layer: string, path: string): void => {
    mkdirSync(join(layer, path), { recursive: true });
  };
  const whiteout = (layer: string, path: string): void => {
    mkdirSync(dirname(join(layer, path)), { recursive: true });
    execFileSync('mknod', [join(layer, path), 'c', '0', '0']);
  };

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'pg-layers-'));
    upper = join(root, '2', 'fs');
    lower = join(root, '1', 'fs');
    // lower: the base image
    file(lower, '/etc/app/app.conf');
    file(lower, '/etc/app/removed.conf');
    file(lower, '/usr/share/app/index.html');
    dir(lower, '/var/cache/app');
    chownSync(join(lower, '/var/cache/app'), 33, 33);
    chmodSync(join(lower, '/var/cache/app'), 0o750);
    dir(lower, '/run');
    file(lower, '/run/app.pid');
    file(lower, '/opt/tool');
    dir(lower, '/srv/data');
    file(lower, '/srv/data/old');
    // upper: a later layer
    file(upper, '/etc/app/extra.conf');
    whiteout(upper, '/etc/app/removed.conf');
    dir(upper, '/var/empty-later');
    whiteout(upper, '/srv/data/old');
    dir(upper, '/var');
    symlinkSync('/run', join(upper, '/var/run'));
    symlinkSync('../../etc/app', join(upper, '/var/lib-app'));
    // /opt/tool becomes a directory in the upper layer: the lower file is hidden
    rmSync(join(upper, '/opt'), { recursive: true, force: true });
    file(upper, '/opt/tool/bin');
    symlinkSync('/usr/bin', join(upper, '/hostlink'));
    probe = new ImageLayerProbe([upper, lower]);
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('finds content of any layer, with the owner and mode the image gives it', () => {
    assert.deepEqual(probe.facts('/var/cache/app'), {
      preexisting: true,
      isDirectory: true,
      uid: 33,
      gid: 33,
      mode: 0o750,
    });
    assert.equal(probe.facts('/etc/app/app.conf')?.preexisting, true);
    assert.equal(probe.facts('/etc/app/extra.conf')?.preexisting, true);
  });

  it('a path no layer holds, a whiteout and what a non-directory hides are not the image’s', () => {
    assert.equal(probe.facts('/var/cache/app/new.db'), undefined);
    assert.equal(probe.facts('/etc/app/removed.conf'), undefined);
    assert.equal(probe.facts('/opt/tool')?.isDirectory, true);
    assert.equal(probe.facts('/opt/tool/bin')?.preexisting, true);
  });

  it('follows symlinks inside the image, never on the host', () => {
    assert.equal(probe.facts('/var/run/app.pid')?.preexisting, true, 'absolute link into the lower layer');
    assert.equal(probe.facts('/var/lib-app/app.conf')?.preexisting, true, 'relative link');
    assert.equal(probe.facts('/hostlink/env'), undefined, '/usr/bin/env is the host’s, not the image’s');
    assert.equal(probe.facts('/hostlink')?.isDirectory, false, 'the link itself is not followed');
  });

  it('a listed directory has an image entry unless whiteouts remove them all', () => {
    assert.equal(
      probe.preexistingEntry('/etc/app'),
      '/etc/app/extra.conf',
      'the upper layer is listed first',
    );
    assert.equal(probe.preexistingEntry('/srv/data'), undefined);
    assert.equal(probe.preexistingEntry('/var/empty-later'), undefined);
    assert.equal(probe.preexistingEntry('/nowhere'), undefined);
  });

  it('an unreadable layer counts as content the image had', () => {
    writeFileSync(join(root, 'not-a-directory'), '');
    const broken = new ImageLayerProbe([join(root, 'missing', 'fs'), join(root, 'not-a-directory')]);
    assert.equal(broken.facts('/etc/x')?.preexisting, true);
    assert.equal(broken.preexistingEntry('/etc'), '/etc');
  });
});
