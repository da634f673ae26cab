import { StringDecoder } from 'node:string_decoder';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';

/** Every child still running, so an exit handler can kill them whatever happened. */
const running = new Set<ChildProcess>();

process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface StartOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Called with each complete stdout line (the webhook's JSON log lines). */
  readonly onLine?: (line: string) => void;
}

/** A child process whose stdout and stderr go to a log file, stopped on demand or at exit. */
export class ManagedProcess {
  readonly name: string;
  readonly logFile: string;
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;

  private constructor(options: StartOptions) {
    this.name = options.name;
    this.logFile = options.logFile;
    const log = createWriteStream(options.logFile, { flags: 'a' });
    this.child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(this.child);
    this.exited = once(this.child, 'exit').then(([code]) => {
      running.delete(this.child);
      return typeof code === 'number' ? code : null;
    });
    this.child.stderr?.pipe(log);
    let pending = '';
    const decoder = new StringDecoder('utf8');
    this.child.stdout?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (options.onLine === undefined) return;
      pending += decoder.write(chunk);
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    });
  }

  static start(options: StartOptions): ManagedProcess {
    return new ManagedProcess(options);
  }

  get alive(): boolean {
    return running.has(this.child);
  }

  /** Resolves with the exit code when the process ends by itself. */
  get exit(): Promise<number | null> {
    return this.exited;
  }

  /** The last lines of the log, for error messages. */
  tail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /** SIGKILL at once, as a crash or an OOM kill would end it. */
  async kill(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, then SIGKILL after the grace period. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
