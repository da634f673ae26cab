/**
 * Holds the policy bundle in force and swaps it atomically when the file changes. A
 * bundle that fails to load never replaces a good one; the failure is logged, counted
 * and shown in /readyz.
 */
import { readFile } from 'node:fs/promises';
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { WasmPolicyEngine, type PolicyEngine } from '../src/policy/wasm-engine.js';
import type { Logger } from './logger.js';
import type { WebhookMetrics } from './metrics.js';

/** Makes an engine from a bundle archive (in-process, or in every worker of the pool). */
export type EngineLoader = (archive: Uint8Array, source: string) => Promise<PolicyEngine>;

const IN_PROCESS: EngineLoader = (archive, source) => WasmPolicyEngine.fromBundle(archive, source);

export interface BundleStatus {
  ready: boolean;
  revision?: string;
  loadedAt?: string;
  lastError?: string;
}

export class PolicyBundleSlot {
  private engine: PolicyEngine | undefined;
  private status: BundleStatus = { ready: false };
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly path: string,
    private readonly logger: Logger,
    private readonly metrics: WebhookMetrics,
    private readonly loadEngine: EngineLoader = IN_PROCESS,
  ) {}

  current = (): PolicyEngine | undefined => this.engine;

  describe(): BundleStatus {
    return { ...this.status };
  }

  /** Loads the file; resolves false (old bundle kept) when it cannot be used. */
  async load(): Promise<boolean> {
    try {
      const engine = await this.loadEngine(await readFile(this.path), this.path);
      const previous = this.engine?.revision;
      this.engine = engine;
      this.status = { ready: true, revision: engine.revision, loadedAt: new Date().toISOString() };
      this.metrics.bundleInfo.reset();
      this.metrics.bundleInfo.set({ revision: engine.revision }, 1);
      this.metrics.bundleLoads.inc({ result: 'success' });
      this.logger.info({ bundle: this.path, revision: engine.revision, previous }, 'policy bundle loaded');
      return true;
    } catch (error) {
      this.status = { ...this.status, lastError: (error as Error).message };
      this.metrics.bundleLoads.inc({ result: 'failure' });
      this.logger.error(
        { err: error, bundle: this.path, keptRevision: this.engine?.revision },
        'policy bundle failed to load; the previous bundle stays in force',
      );
      return false;
    }
  }

  /** Watches the bundle's directory (editors and `opa build` replace the file). */
  watch(): void {
    const name = basename(this.path);
    this.watcher = watch(dirname(this.path), (_event, file) => {
      if (file !== null && file !== name) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.load(), 250);
    });
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }
}
