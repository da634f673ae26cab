import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { httpsGetJson, peerFingerprint } from './https-probe.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, type RunningEtcd } from './etcd.js';
import { startKubeApiserver, type RunningApiServer } from './kube-apiserver.js';
import { writeKubeconfig } from './kubeconfig.js';
import { Kubectl } from './kubectl.js';
import {
  createCertificateAuthority,
  createServingCertificate,
  type CertificateAuthority,
  type ServingCertificate,
} from '../../support/pki.js';
import { loadToolchain, type Toolchain } from './toolchain.js';
import { stringify } from 'yaml';
import {
  toUrlVariant,
  urlVariantManifest,
  webhookConfigurationsIn,
  type FailurePolicy,
} from './webhook-configurations.js';
import { startWebhook, type Mode, type RunningWebhook, type WebhookOptions } from './webhook-process.js';

/** Everything one e2e run uses: control plane, kubectl, and the webhook under test. */
export class E2eEnvironment {
  private webhook: RunningWebhook | undefined;
  private webhookStarts = 0;
  private rotations = 0;

  private constructor(
    readonly dir: string,
    readonly toolchain: Toolchain,
    readonly etcd: RunningEtcd,
    readonly apiServer: RunningApiServer,
    readonly kubeconfig: string,
    readonly kubectl: Kubectl,
    private readonly webhookCa: CertificateAuthority,
    private readonly webhookCert: ServingCertificate,
  ) {}

  /** Starts etcd and kube-apiserver in a fresh temp dir; nothing of ProfileGate yet. */
  static async start(): Promise<E2eEnvironment> {
    const toolchain = loadToolchain();
    const dir = mkdtempSync(join(tmpdir(), 'profilegate-e2e-'));
    removeAtExit(dir);
    const etcd = await startEtcd(toolchain.etcd, dir);
    let apiServer: RunningApiServer;
    try {
      apiServer = await startKubeApiserver(toolchain.kubeApiserver, etcd.url, dir);
    } catch (error) {
      await etcd.process.stop();
      throw error;
    }
    const kubeconfig = join(dir, 'kubeconfig');
    await writeKubeconfig(kubeconfig, apiServer);
    // A directory of its own: the webhook reloads its pair when anything in that directory changes.
    const tlsDir = join(dir, 'webhook-tls');
    mkdirSync(tlsDir);
    const webhookCa = await createCertificateAuthority(tlsDir, 'webhook');
    const webhookCert = await createServingCertificate(webhookCa, tlsDir, 'webhook');
    const kubectl = new Kubectl(toolchain.kubectl, kubeconfig);
    return new E2eEnvironment(dir, toolchain, etcd, apiServer, kubeconfig, kubectl, webhookCa, webhookCert);
  }

  get webhookRunning(): boolean {
    return this.webhook?.process.alive ?? false;
  }

  /** Starts the webhook (same port as before, if it ran before) in `mode`, with extra settings. */
  async startWebhook(mode: Mode = 'enforce', config?: WebhookOptions['config']): Promise<RunningWebhook> {
    if (this.webhook?.process.alive === true) throw new Error('webhook already running');
    this.webhookStarts += 1;
    this.webhook = await startWebhook({
      cert: this.webhookCert,
      mode,
      kubeconfig: this.kubeconfig,
      logFile: join(this.dir, `webhook-${this.webhookStarts}.log`),
      port: this.webhook?.port ?? 0,
      ...(config ? { config } : {}),
    });
    return this.webhook;
  }

  /**
   * Another webhook replica beside the main one (not registered: the API server never calls it),
   * e.g. for leader election; the caller stops it.
   */
  async startReplica(name: string, mode: Mode, config: WebhookOptions['config']): Promise<RunningWebhook> {
    return startWebhook({
      cert: this.webhookCert,
      mode,
      kubeconfig: this.kubeconfig,
      logFile: join(this.dir, `webhook-${name}.log`),
      ...(config ? { config } : {}),
    });
  }

  async stopWebhook(): Promise<void> {
    await this.webhook?.process.stop();
  }

  /** SIGKILL, as a crash or an OOM kill would end it: no drain, connections cut. */
  async killWebhook(): Promise<void> {
    await this.webhook?.process.kill();
  }

  /**
   * A new serving pair written over the webhook's files, as cert-manager renews it: from the CA
   * in the webhook configurations' caBundle, or from another one (which the API server must refuse).
   */
  async rotateWebhookCertificate(signer: 'webhook-ca' | 'another-ca' = 'webhook-ca'): Promise<void> {
    this.rotations += 1;
    const name = `webhook-rotation-${this.rotations}`;
    const ca = signer === 'webhook-ca' ? this.webhookCa : await createCertificateAuthority(this.dir, name);
    const next = await createServingCertificate(ca, this.dir, name);
    copyFileSync(next.keyFile, this.webhookCert.keyFile);
    copyFileSync(next.certFile, this.webhookCert.certFile);
  }

  /** GET on the running webhook over HTTPS, trusting its CA (e.g. /readyz). */
  async webhookGet(path: string): Promise<{ status: number; body: unknown }> {
    if (this.webhook === undefined) throw new Error('the webhook is not started');
    return httpsGetJson(`${this.webhook.baseUrl}${path}`, this.webhookCa.pem);
  }

  /** SHA-256 fingerprint of the certificate the webhook serves now. */
  async servedFingerprint(): Promise<string> {
    if (this.webhook === undefined) throw new Error('the webhook is not started');
    return peerFingerprint(this.webhook.port, this.webhookCa.pem);
  }

  /** Registers the configurations of manifests/webhook/ pointing at the running webhook. */
  async registerWebhook(failurePolicy: FailurePolicy = 'Fail'): Promise<void> {
    if (this.webhook === undefined) throw new Error('start the webhook before registering it');
    const manifest = await urlVariantManifest({
      baseUrl: this.webhook.baseUrl,
      caPem: this.webhookCa.pem,
      failurePolicy,
    });
    await this.kubectl.ok(['apply', '-f', '-'], manifest);
  }

  /**
   * Registers the webhook configurations of deploy/overlays/<mode> (rendered by kubectl
   * kustomize), each webhook keeping the failurePolicy the overlay gives it.
   */
  async registerOverlay(mode: 'audit' | 'warn' | 'enforce'): Promise<void> {
    if (this.webhook === undefined) throw new Error('start the webhook before registering it');
    const overlay = join(import.meta.dirname, '..', '..', '..', 'deploy', 'overlays', mode);
    const rendered = (await this.kubectl.ok(['kustomize', overlay])).stdout;
    const variant = {
      baseUrl: this.webhook.baseUrl,
      caPem: this.webhookCa.pem,
      failurePolicy: 'as-configured' as const,
    };
    const configs = webhookConfigurationsIn(rendered).map((c) => stringify(toUrlVariant(c, variant)));
    // Replace, not merge: the overlays add webhooks that a later registerWebhook must not inherit.
    await this.kubectl.ok([
      'delete',
      'validatingwebhookconfiguration,mutatingwebhookconfiguration',
      '-l',
      'app.kubernetes.io/name=profilegate',
      '--ignore-not-found',
    ]);
    await this.kubectl.ok(['apply', '-f', '-'], configs.join('---\n'));
  }

  /** Logs of the webhook's current run, for failure messages. */
  webhookLogTail(lines = 40): string {
    return this.webhook?.process.tail(lines) ?? '(webhook not started)';
  }

  async stop(): Promise<void> {
    await this.stopWebhook();
    await this.apiServer.process.stop();
    await this.etcd.process.stop();
    if (process.env['PROFILEGATE_E2E_KEEP'] === undefined) {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** The temp dir goes at process exit too, unless PROFILEGATE_E2E_KEEP is set to inspect it. */
function removeAtExit(dir: string): void {
  process.on('exit', () => {
    if (process.env['PROFILEGATE_E2E_KEEP'] !== undefined) {
      process.stderr.write(`e2e files kept in ${dir}\n`);
      return;
    }
    rmSync(dir, { recursive: true, force: true });
  });
}
