/**
 * Record → patch → verify with the real commands: `profilegate profile` records a script with
 * the eBPF recorder, `profilegate verify` judges a Deployment with that profile (as
 * `profilegate eval --mode enforce` would) and runs the same script under the patched spec in
 * runc or crun. Runs as root on a real kernel (CI does).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROFILER_DIR } from '../../../bpf-profiler/agent/recorder-build.js';
import { runCli, ROOT, type CliRun } from '../cli/run-cli.js';

export const PROGRAMS = join(ROOT, 'test', 'integration', 'verify', 'programs');

export interface VerifyJson {
  resource: string;
  runtime: string;
  verdict: string;
  patchedBy: string[];
  containers: {
    container: string;
    verdict: string;
    reasons: string[];
    patched: {
      seccomp: string;
      capabilities: string[];
      readOnlyRootFilesystem: boolean;
      noNewPrivileges: boolean;
      mounts: string[];
      outcome: { exitCode: number | null; stdout: string; stderr: string };
    };
    original: { outcome: { exitCode: number | null } };
  }[];
}

export function workDir(): string {
  execFileSync('make', ['-s', '-C', PROFILER_DIR], { stdio: 'inherit' });
  return mkdtempSync(join(tmpdir(), 'pg-verify-'));
}

/**
 * The image a recording stands for: the host's root is the rootfs in both the recording and
 * verify, and the Deployment names it by this digest, so the profile is bound to what runs.
 */
export function imageOf(name: string): string {
  return `registry.example/${name}@sha256:${createHash('sha256').update(name).digest('hex')}`;
}

/** A Deployment `name` in namespace shop with one container `name`, which adds NET_ADMIN it never uses. */
export function writeDeployment(dir: string, name: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: shop }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      automountServiceAccountToken: false
      containers:
        - name: ${name}
          image: ${imageOf(name)}
          securityContext:
            capabilities: { add: [NET_ADMIN] }
`,
  );
  return path;
}

/** The patch may reference the generated Localhost seccomp profiles (they would be installed). */
export function writeConfig(dir: string): string {
  const path = join(dir, 'config.yaml');
  writeFileSync(path, 'parameters:\n  runtime-seccomp-profile:\n    localhostProfiles: true\n');
  return path;
}

export async function record(dir: string, name: string, command: string[]): Promise<string> {
  const out = join(dir, `${name}.profile.json`);
  const run = await runCli([
    'profile',
    '--out',
    out,
    '--name',
    name,
    '--namespace',
    'shop',
    '--container',
    name,
    '--image',
    imageOf(name),
    '--',
    ...command,
  ]);
  if (run.code !== 0) throw new Error(`profilegate profile failed (${run.code}): ${run.stderr}`);
  return out;
}

/** A copy of a profile with one container field edited (the negative controls). */
export function editProfile(
  path: string,
  edit: (container: Record<string, string[]>) => void,
  suffix: string,
): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as {
    spec: { containers: Record<string, string[]>[] };
  };
  const container = profile.spec.containers[0];
  if (container === undefined) throw new Error(`${path} has no container`);
  edit(container);
  const out = path.replace(/\.json$/, `.${suffix}.json`);
  writeFileSync(out, JSON.stringify(profile));
  return out;
}

export async function verify(args: string[]): Promise<CliRun & { json: VerifyJson }> {
  const run = await runCli(['verify', '-o', 'json', ...args]);
  try {
    return { ...run, json: JSON.parse(run.stdout) as VerifyJson };
  } catch {
    throw new Error(`profilegate verify printed no JSON (${run.code}): ${run.stderr}`);
  }
}

/** Debian's packages start their services on install where nothing forbids it: stop them, the recording binds the same ports. */
export function stopHostServices(): void {
  if (existsSync('/run/nginx.pid')) {
    execFileSync(
      'sh',
      [
        '-c',
        'nginx -s quit 2>/dev/null || rm -f /run/nginx.pid; while [ -e /run/nginx.pid ]; do sleep 0.1; done',
      ],
      {
        timeout: 10_000,
      },
    );
  }
  try {
    execFileSync('redis-cli', ['shutdown', 'nosave'], { stdio: 'ignore' });
  } catch {
    // not running
  }
  // Record from the state an image has: no logs or data of earlier runs. Data the program found
  // and used would be content an emptyDir hides, so no emptyDir could replace its directory.
  execFileSync('sh', ['-c', 'rm -rf /var/log/nginx/*.log /var/lib/redis/*'], { timeout: 10_000 });
}
