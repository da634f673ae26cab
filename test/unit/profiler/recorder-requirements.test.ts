import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureRecorderBuilt,
  missingBuildRequirements,
  RecorderBuildError,
} from '../../../bpf-profiler/agent/recorder-build.js';

/** A PATH directory holding (empty, executable) stand-ins for the given tools. */
function pathWith(...tools: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'pg-path-'));
  for (const tool of tools) {
    writeFileSync(join(dir, tool), '#!/bin/sh\nexit 1\n');
    chmodSync(join(dir, tool), 0o755);
  }
  return dir;
}

function includeDir(withLibbpf: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'pg-include-'));
  if (withLibbpf) {
    mkdirSync(join(dir, 'bpf'));
    writeFileSync(join(dir, 'bpf', 'libbpf.h'), '');
  }
  return dir;
}

describe('recorder build requirements', () => {
  it('names the Debian package of every missing tool and of libbpf', () => {
    assert.deepEqual(missingBuildRequirements(pathWith('make', 'cc'), [includeDir(false)]), [
      'clang',
      'bpftool',
      'pkg-config',
      'libbpf-dev',
    ]);
  });

  it('finds nothing missing when every tool and the header are there', () => {
    const path = pathWith('make', 'clang', 'bpftool', 'cc', 'pkg-config');
    assert.deepEqual(missingBuildRequirements(path, [includeDir(true)]), []);
  });

  it('fails with one line before running make when the recorder is not built', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-profiler-'));
    await assert.rejects(
      ensureRecorderBuilt({ path: pathWith('make'), dir }),
      (error: unknown) =>
        error instanceof RecorderBuildError &&
        error.message.startsWith(
          'the eBPF recorder is built on first use and needs clang, make, bpftool, a C compiler, pkg-config and libbpf headers: install clang bpftool gcc pkg-config',
        ),
    );
  });

  it('uses prebuilt binaries as they are when make is missing (negative control: no error)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-profiler-'));
    mkdirSync(join(dir, 'build'));
    writeFileSync(join(dir, 'build', 'profilegate-recorder'), '');
    writeFileSync(join(dir, 'build', 'profilegate-cgexec'), '');
    await ensureRecorderBuilt({ path: pathWith(), dir });
  });
});
