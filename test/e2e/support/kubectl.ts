import { spawn } from 'node:child_process';

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, in that order: what a user reads. */
  readonly output: string;
}

/** Runs the pinned kubectl binary against one kubeconfig; never a kubectl from PATH. */
export class Kubectl {
  constructor(
    private readonly binary: string,
    private readonly kubeconfig: string,
  ) {}

  /** Runs `kubectl <args>` with `stdin` piped in; resolves whatever the exit code. */
  async run(args: readonly string[], stdin?: string): Promise<KubectlResult> {
    const child = spawn(this.binary, [`--kubeconfig=${this.kubeconfig}`, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.end(stdin ?? '');
    const code = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode) => {
        resolve(exitCode ?? -1);
      });
    });
    return { code, stdout, stderr, output: `${stdout}${stderr}` };
  }

  /** Like run, but throws with kubectl's output when the exit code is not 0. */
  async ok(args: readonly string[], stdin?: string): Promise<KubectlResult> {
    const result = await this.run(args, stdin);
    if (result.code !== 0) {
      throw new Error(`kubectl ${args.join(' ')} exited ${result.code}:\n${result.output}`);
    }
    return result;
  }

  /** `kubectl apply -f -` in `namespace`, plus any extra flags. */
  async apply(manifest: string, namespace: string, flags: readonly string[] = []) {
    return this.run(['apply', '-n', namespace, '-f', '-', ...flags], manifest);
  }

  /** The stored object as JSON, or undefined when it does not exist. */
  async getJson(kind: string, name: string, namespace: string): Promise<unknown> {
    const result = await this.run(['get', kind, name, '-n', namespace, '-o', 'json']);
    if (result.code !== 0) {
      if (/NotFound|not found/.test(result.stderr)) return undefined;
      throw new Error(`kubectl get ${kind}/${name} exited ${result.code}:\n${result.output}`);
    }
    return JSON.parse(result.stdout) as unknown;
  }
}

/** kubectl prints each admission warning on stderr as a `Warning: ...` line. */
export function warningLines(output: string): string[] {
  return output.split('\n').filter((line) => line.startsWith('Warning: '));
}
