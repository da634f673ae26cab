/**
 * The recorder as a child process: commands on its stdin, observations from its stdout.
 * Replies (tracked, untracked, flushed) come back in command order, interleaved with events,
 * so waiters are a FIFO queue.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import {
  isObservation,
  parseRecorderLine,
  type LostCounters,
  type Observation,
  type ReadyMessage,
  type RecorderMessage,
} from './recorder-messages.js';
import { RECORDER_BIN } from './recorder-build.js';

export interface RecorderOptions {
  binary?: string;
  keyMode?: 'cgroup' | 'mntns';
  /** Emit syscall summaries and lost counters on this period (the agent); 0 = on flush only. */
  intervalMs?: number;
  /**
   * Send every opened file, not one event per directory (`--files`): what emptyDir evidence
   * needs. Off for the node agent, whose dedup map is shared by every container on the node.
   */
  perFile?: boolean;
  onObservation: (observation: Observation) => void;
  /**
   * A key the kernel started tracking at its first exec below a watched root (watch());
   * `hooksDown`: its syscalls and paths before the syscall programs were attached are missing.
   */
  onAdopted?: (key: string, hooksDown: boolean) => void;
  /** The syscall programs were attached or detached (the recorder attaches them only while needed). */
  onHooks?: (syscalls: 'attached' | 'detached') => void;
  onLost?: (lost: LostCounters) => void;
}

export class RecorderError extends Error {
  override readonly name = 'RecorderError';
}

interface Waiter {
  type: 'ready' | 'tracked' | 'untracked' | 'watching' | 'unwatched' | 'flushed' | 'exit';
  resolve: (message: RecorderMessage) => void;
  reject: (error: Error) => void;
}

export class RecorderProcess {
  private readonly waiters: Waiter[] = [];
  private lastLost: LostCounters | undefined;
  private stderr = '';
  private exited = false;
  readyMessage: ReadyMessage | undefined;

  private constructor(
    private readonly child: ChildProcessByStdio<Writable, Readable, Readable>,
    private readonly options: RecorderOptions,
  ) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.onLine(line);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    child.on('exit', (code, signal) => {
      this.exited = true;
      const error = new RecorderError(
        `recorder exited (${signal ?? String(code)}): ${this.stderr.trim() || 'no message'}`,
      );
      for (const w of this.waiters.splice(0)) {
        if (w.type === 'exit') w.resolve({ type: 'exit' });
        else w.reject(error);
      }
    });
  }

  static async start(options: RecorderOptions): Promise<RecorderProcess> {
    const args = ['--key-mode', options.keyMode ?? 'cgroup'];
    if (options.intervalMs !== undefined && options.intervalMs > 0) {
      args.push('--interval-ms', String(options.intervalMs));
    }
    if (options.perFile === true) args.push('--files');
    const child = spawn(options.binary ?? RECORDER_BIN, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const recorder = new RecorderProcess(child, options);
    child.on('error', (error) => {
      for (const w of recorder.waiters.splice(0)) w.reject(new RecorderError(error.message));
    });
    const ready = await recorder.expect('ready');
    if (ready.type === 'ready') recorder.readyMessage = ready;
    return recorder;
  }

  get ready(): ReadyMessage {
    if (this.readyMessage === undefined) throw new RecorderError('recorder not ready');
    return this.readyMessage;
  }

  /** Lost counters of the last summary (cumulative since the recorder started). */
  get lost(): LostCounters | undefined {
    return this.lastLost;
  }

  async track(key: string): Promise<void> {
    await this.command(`track ${key}`, 'tracked');
  }

  /** Tracks every cgroup below `root` (a cgroup id at `level`) from its first exec on. */
  async watch(root: string, level: number): Promise<void> {
    await this.command(`watch ${root} ${level}`, 'watching');
  }

  /** Stops watch(root); cgroups adopted so far stay tracked. */
  async unwatch(root: string): Promise<void> {
    await this.command(`unwatch ${root}`, 'unwatched');
  }

  async untrack(key: string): Promise<void> {
    await this.command(`untrack ${key}`, 'untracked');
  }

  /** Delivers every pending event and syscall summary; resolves with the lost counters. */
  async flush(): Promise<LostCounters> {
    await this.command('flush', 'flushed');
    if (this.lastLost === undefined) throw new RecorderError('flush without lost counters');
    return this.lastLost;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const done = this.expect('exit');
    this.child.stdin.end();
    await done;
  }

  private async command(line: string, reply: Waiter['type']): Promise<RecorderMessage> {
    if (this.exited) throw new RecorderError(`recorder has exited: ${this.stderr.trim()}`);
    const answer = this.expect(reply);
    this.child.stdin.write(`${line}\n`);
    return answer;
  }

  private expect(type: Waiter['type']): Promise<RecorderMessage> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ type, resolve, reject });
    });
  }

  private onLine(line: string): void {
    let message: RecorderMessage;
    try {
      message = parseRecorderLine(line);
    } catch (error) {
      this.waiters.shift()?.reject(error as Error);
      return;
    }
    if (isObservation(message)) {
      this.options.onObservation(message);
      return;
    }
    if (message.type === 'adopted') {
      this.options.onAdopted?.(message.key, message.hooksDown === true);
      return;
    }
    if (message.type === 'hooks') {
      this.options.onHooks?.(message.syscalls);
      return;
    }
    if (message.type === 'lost') {
      this.lastLost = message;
      this.options.onLost?.(message);
      return;
    }
    if (message.type === 'error') {
      this.waiters.shift()?.reject(new RecorderError(message.message));
      return;
    }
    const head = this.waiters[0];
    if (head?.type === message.type) {
      this.waiters.shift();
      head.resolve(message);
    }
  }
}
