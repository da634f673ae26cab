/**
 * Holds the policy bundle in force and swaps it atomically when a new one arrives: from a file
 * (watched, including a mounted ConfigMap's symlink swap) or from the bundle service poller.
 * A bundle that fails to load or to verify never replaces a good one; the failure is logged,
 * counted and shown in /readyz.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { WasmPolicyEngine, type PolicyEngine } from '../src/policy/wasm-engine.js';
import type { Logger } from './logger.js';
import type { WebhookMetrics } from './metrics.js';

/** Makes an engine from a bundle archive (in-process, or in every worker of the pool). */
export type EngineLoader = (archive: Uint8Array, source: string) => Promise<PolicyEngine>;

/** Checks a bundle before it is loaded (its signature); throws to refuse it. */
export type BundleCheck = (archive: Uint8Array, source: string) => Promise<void>;

const IN_PROCESS: EngineLoader = (archive, source) => WasmPolicyEngine.fromBundle(archive, source);

export interface BundleStatus {
  ready: boolean;
  revision?: string;
  /** Where the bundle in force came from: a file path or the service URL. */
  source?: string;
  /** sha256 of the archive in force. */
  digest?: string;
  loadedAt?: string;
  lastError?: string;
}

export interface SlotOptions {
  logger: Logger;
  metrics: WebhookMetrics;
  loadEngine?: EngineLoader;
  check?: BundleCheck | undefined;
}

export class PolicyBundleSlot {
  private engine: PolicyEngine | undefined;
  private status: BundleStatus = { ready: false };
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly logger: Logger;
  private readonly metrics: WebhookMetrics;
  private readonly loadEngine: EngineLoader;
  private readonly check: BundleCheck | undefined;

  constructor(options: SlotOptions) {
    this.logger = options.logger;
    this.metrics = options.metrics;
    this.loadEngine = options.loadEngine ?? IN_PROCESS;
    this.check = options.check;
  }

  current = (): PolicyEngine | undefined => this.engine;

  describe(): BundleStatus {
    return { ...this.status };
  }

  /** Reads and loads a bundle file; resolves false (old bundle kept) when it cannot be used. */
  async loadFile(path: string): Promise<boolean> {
    let archive: Uint8Array;
    try {
      archive = await readFile(path);
    } catch (error) {
      return this.refuse(path, error);
    }
    return this.load(archive, path);
  }

  /**
   * Loads an archive; resolves false (old bundle kept) when it cannot be used. The archive in
   * force again (a ConfigMap remount, a touched file) is not reloaded.
   */
  async load(archive: Uint8Array, source: string): Promise<boolean> {
    const digest = createHash('sha256').update(archive).digest('hex');
    if (this.engine !== undefined && digest === this.status.digest) {
      if (this.status.lastError !== undefined) this.status = { ...this.status, lastError: undefined };
      return true;
    }
    try {
      await this.check?.(archive, source);
      const engine = await this.loadEngine(archive, source);
      const previous = this.engine?.revision;
      this.engine = engine;
      this.status = {
        ready: true,
        revision: engine.revision,
        source,
        digest,
        loadedAt: new Date().toISOString(),
      };
      this.metrics.bundleInfo.reset();
      this.metrics.bundleInfo.set({ revision: engine.revision }, 1);
      this.metrics.bundleLoads.inc({ result: 'success' });
      this.logger.info({ bundle: source, revision: engine.revision, previous }, 'policy bundle loaded');
      return true;
    } catch (error) {
      return this.refuse(source, error);
    }
  }

  private refuse(source: string, error: unknown): false {
    this.status = { ...this.status, lastError: (error as Error).message };
    this.metrics.bundleLoads.inc({ result: 'failure' });
    this.logger.error(
      { err: error, bundle: source, keptRevision: this.engine?.revision },
      'policy bundle failed to load; the previous bundle stays in force',
    );
    return false;
  }

  /**
   * Watches the file's directory: editors and `opa build` replace the file, and the kubelet
   * updates a mounted ConfigMap by swapping its `..data` symlink, which names no file of ours.
   */
  watchFile(path: string): void {
    const name = basename(path);
    this.watcher = watch(dirname(path), (_event, file) => {
      if (file !== null && file !== name && !file.startsWith('..')) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.loadFile(path), 250);
    });
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }
}
