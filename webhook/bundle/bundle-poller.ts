/**
 * Keeps the webhook's bundle in step with a bundle server (config bundle.service): polls at a
 * random delay between min and max, hands each new bundle to the slot (which verifies and loads
 * it, or keeps the last good one), and keeps the last good download on disk when asked, so a
 * restarted container does not wait for the server. A bundle that failed to load keeps no ETag:
 * the next poll fetches it again rather than accepting "unchanged" for a bundle never in force.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../../src/config/config-schema.js';
import type { Logger } from '../logger.js';
import type { WebhookMetrics } from '../metrics.js';
import type { PolicyBundleSlot } from '../policy-bundle-slot.js';
import { downloadBundle, type DownloadRequest, type DownloadResult } from './bundle-download.js';

type ServiceSettings = NonNullable<Config['bundle']['service']>;

export interface ServiceStatus {
  url: string;
  etag?: string;
  lastSuccessAt?: string;
  lastAttemptAt?: string;
  lastError?: string;
  consecutiveFailures: number;
}

const PERSISTED = 'bundle.tar.gz';

export class BundlePoller {
  private etag: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private state: ServiceStatus;

  constructor(
    private readonly settings: ServiceSettings,
    private readonly slot: PolicyBundleSlot,
    private readonly logger: Logger,
    private readonly metrics: WebhookMetrics,
    private readonly download: (req: DownloadRequest) => Promise<DownloadResult> = downloadBundle,
  ) {
    this.state = { url: settings.url, consecutiveFailures: 0 };
  }

  describe(): ServiceStatus {
    return { ...this.state };
  }

  /** Loads the persisted download, if any, then polls at once and keeps polling until stop(). */
  async start(): Promise<void> {
    await this.loadPersisted();
    await this.poll();
  }

  /** One poll; schedules the next. */
  async poll(): Promise<void> {
    clearTimeout(this.timer);
    this.state = { ...this.state, lastAttemptAt: new Date().toISOString() };
    try {
      const result = await this.download({
        url: this.settings.url,
        etag: this.etag,
        timeoutMs: this.settings.timeoutSeconds * 1000,
        maxBytes: this.settings.maxBytes,
        ca: this.settings.caFile === undefined ? undefined : await readFile(this.settings.caFile, 'utf8'),
        bearerToken:
          this.settings.bearerTokenFile === undefined
            ? undefined
            : (await readFile(this.settings.bearerTokenFile, 'utf8')).trim(),
      });
      if (result.status === 'unchanged') {
        this.metrics.bundleDownloads.inc({ result: 'unchanged' });
        this.succeeded();
      } else if (await this.slot.load(result.archive, this.settings.url)) {
        this.metrics.bundleDownloads.inc({ result: 'updated' });
        this.etag = result.etag;
        this.succeeded();
        await this.persist(result.archive);
      } else {
        this.metrics.bundleDownloads.inc({ result: 'refused' });
        this.etag = undefined;
        this.failed(
          `the downloaded bundle was refused: ${this.slot.describe().lastError ?? 'unknown error'}`,
        );
      }
    } catch (error) {
      this.metrics.bundleDownloads.inc({ result: 'failed' });
      this.failed((error as Error).message);
      this.logger.warn(
        { err: error, url: this.settings.url, keptRevision: this.slot.describe().revision },
        'policy bundle download failed; the bundle in force stays',
      );
    }
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private succeeded(): void {
    const rest = { ...this.state };
    delete rest.lastError;
    this.state = {
      ...rest,
      ...(this.etag === undefined ? {} : { etag: this.etag }),
      lastSuccessAt: new Date().toISOString(),
      consecutiveFailures: 0,
    };
  }

  private failed(message: string): void {
    this.state = {
      ...this.state,
      lastError: message,
      consecutiveFailures: this.state.consecutiveFailures + 1,
    };
  }

  private schedule(): void {
    if (this.stopped) return;
    const { minDelaySeconds: min, maxDelaySeconds: max } = this.settings;
    const delayMs = (min + Math.random() * (max - min)) * 1000;
    this.timer = setTimeout(() => void this.poll(), delayMs);
    this.timer.unref();
  }

  private async loadPersisted(): Promise<void> {
    if (this.settings.persistDirectory === undefined) return;
    const path = join(this.settings.persistDirectory, PERSISTED);
    const archive = await readFile(path).catch(() => undefined);
    if (archive === undefined) return;
    // Verified and loaded like a download; no ETag, so the first poll fetches the current bundle.
    if (await this.slot.load(archive, path)) this.logger.info({ path }, 'started from the persisted bundle');
  }

  private async persist(archive: Buffer): Promise<void> {
    if (this.settings.persistDirectory === undefined) return;
    const path = join(this.settings.persistDirectory, PERSISTED);
    try {
      await mkdir(this.settings.persistDirectory, { recursive: true });
      await writeFile(`${path}.tmp`, archive);
      await rename(`${path}.tmp`, path);
    } catch (error) {
      this.logger.warn({ err: error, path }, 'cannot keep the downloaded bundle on disk');
    }
  }
}
