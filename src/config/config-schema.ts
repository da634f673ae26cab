/**
 * ProfileGate's configuration: one schema with defaults (docs/configuration.md).
 * Unknown keys are rejected so a typo is an error at start-up, not a silent default.
 */
import { z } from 'zod';
import { LevelVersionSchema } from './level-version.js';
import { SIGNING_ALGORITHMS } from './signing-algorithms.js';

export const ModeSchema = z.enum(['enforce', 'warn', 'audit']);
export const LevelSchema = z.enum(['baseline', 'restricted']);

/** What to answer when a policy cannot be evaluated (bundle error, engine fault). */
export const FailureAnswer = z.enum(['deny', 'allow']);

/** Report APIs ProfileGate writes: the one Policy Reporter reads, and its successor. */
export const ReportFormatSchema = z.enum(['wgpolicyk8s.io/v1alpha2', 'openreports.io/v1alpha1']);

/** HTTP(S) polling of a bundle server with ETag (OPA's bundle service protocol). */
const BundleServiceSchema = z
  .strictObject({
    /** The bundle's full URL, e.g. https://bundles.example/profilegate/bundle.tar.gz. */
    url: z.string().regex(/^https?:\/\/[^/]/, 'must be an http:// or https:// URL'),
    /** Polls wait a random time between these two, so replicas do not call in step. */
    minDelaySeconds: z.number().positive().default(10),
    maxDelaySeconds: z.number().positive().default(20),
    timeoutSeconds: z.number().positive().default(10),
    /** PEM bundle of the CA that signed the server's certificate (default: the system's). */
    caFile: z.string().min(1).optional(),
    /** Sent as `Authorization: Bearer`; read at every poll, so a projected token can rotate. */
    bearerTokenFile: z.string().min(1).optional(),
    /** A response larger than this is refused. */
    maxBytes: z
      .int()
      .min(1024)
      .default(32 * 1024 * 1024),
    /**
     * Where the last good download is kept (e.g. an emptyDir): a restarted container starts from
     * it, verified again, instead of waiting for the server.
     */
    persistDirectory: z.string().min(1).optional(),
  })
  .refine((s) => s.minDelaySeconds <= s.maxDelaySeconds, {
    error: 'minDelaySeconds must not exceed maxDelaySeconds',
    path: ['minDelaySeconds'],
  });

const BundleVerificationSchema = z.strictObject({
  /** PEM public key or certificate (RS*, PS*, ES*), or a file holding the HMAC secret (HS*). */
  keyFile: z.string().min(1),
  algorithm: z.enum(SIGNING_ALGORITHMS).default('RS256'),
  /** When set, a signature naming another key id (JWT kid) is refused. */
  keyId: z.string().min(1).optional(),
  /** Must equal the signature's scope claim; empty (the default) when the signer set none. */
  scope: z.string().default(''),
});

const PolicyOverride = z.strictObject({
  enabled: z.boolean().default(true),
  mode: ModeSchema.optional(),
  /** Namespaces this one policy does not apply to. */
  exemptNamespaces: z.array(z.string()).default([]),
});

export const ConfigSchema = z
  .strictObject({
    server: z
      .strictObject({
        /** Loopback by default (as `npm start` runs); the Deployment's config sets 0.0.0.0. */
        host: z.string().default('127.0.0.1'),
        port: z.int().min(0).max(65535).default(8443),
        tls: z
          .strictObject({
            certFile: z.string().optional(),
            keyFile: z.string().optional(),
            /** Where `npm start` writes a self-signed certificate when no files are given. */
            devCertDir: z.string().default('.cache/dev-cert'),
            /**
             * Authenticate the API server by its client certificate (docs/configuration.md
             * "Client certificates"): reviews from a client without a certificate this CA signed
             * are refused; /healthz and /readyz stay open for the kubelet's probes.
             */
            clientAuth: z
              .strictObject({
                /** PEM bundle of the CA that signed the API server's client certificate; reloaded when it changes. */
                caFile: z.string().min(1),
                /** Subject CN or DNS SAN the certificate must carry; empty accepts any the CA signed. */
                allowedNames: z.array(z.string().min(1)).default([]),
              })
              .optional(),
          })
          .prefault({}),
        maxBodyBytes: z
          .int()
          .min(1024)
          .default(3 * 1024 * 1024),
        /** How long SIGTERM waits for in-flight reviews before closing. */
        shutdownGraceSeconds: z.number().min(0).default(20),
        /**
         * After SIGTERM, /readyz fails at once but the listener keeps serving this long, so the
         * API server's endpoints drop this pod before its connections close.
         */
        drainSeconds: z.number().min(0).default(5),
        /** Whole request, headers and body (Node's default is 300 s). */
        requestTimeoutSeconds: z.number().positive().default(15),
        /** Until the request headers are complete. */
        headersTimeoutSeconds: z.number().positive().default(10),
        /** Open connections; more are refused (the API server keeps a few alive per replica). */
        maxConnections: z.int().min(1).default(512),
        /**
         * Prometheus metrics on a port of their own, plain HTTP, so the serving port answers
         * only the API server and a NetworkPolicy can open the metrics port to the scraper alone.
         */
        metrics: z
          .strictObject({
            enabled: z.boolean().default(true),
            /** Unset: the same address as server.host. */
            host: z.string().optional(),
            port: z.int().min(0).max(65535).default(9090),
          })
          .prefault({}),
      })
      .prefault({}),
    mode: ModeSchema.default('enforce'),
    level: LevelSchema.default('baseline'),
    /**
     * The Pod Security Standards version the level is judged by, as PSA's enforce-version:
     * "latest" or "v1.N" (src/config/level-version.ts).
     */
    levelVersion: LevelVersionSchema.default('latest'),
    namespaceLabels: z
      .strictObject({
        mode: z.string().default('profilegate.dev/mode'),
        level: z.string().default('profilegate.dev/level'),
        levelVersion: z.string().default('profilegate.dev/level-version'),
        exempt: z.string().default('profilegate.dev/exempt'),
        /**
         * Who may set, change or remove these labels and any other under profilegate.dev/ on a
         * namespace (the namespaces webhook); anyone else's change is denied in every mode.
         */
        editors: z
          .strictObject({
            groups: z.array(z.string().min(1)).default(['system:masters']),
            users: z.array(z.string().min(1)).default([]),
          })
          .prefault({}),
      })
      .prefault({}),
    exemptNamespaces: z
      .array(z.string())
      .default(['kube-system', 'kube-public', 'kube-node-lease', 'profilegate-system']),
    onPolicyError: z
      .strictObject({
        enforce: FailureAnswer.default('deny'),
        warn: FailureAnswer.default('allow'),
        audit: FailureAnswer.default('allow'),
      })
      .prefault({}),
    policies: z.record(z.string(), PolicyOverride).default({}),
    /**
     * Bounds on one evaluation. A request beyond them is answered by the failure rule of the
     * strictest mode in play (docs/configuration.md), never allowed silently.
     */
    evaluation: z
      .strictObject({
        /** Containers of every kind in one pod spec. */
        maxContainers: z.int().min(1).default(5000),
        /** Linear memory of one policy engine (WebAssembly), in MiB. */
        memoryMiB: z.int().min(2).max(4096).default(128),
        /** Worker threads evaluating policies in the webhook, each with its own engine. */
        workers: z.int().min(1).max(64).default(2),
        /**
         * V8 heap of one worker, in MiB (the engine's memory is bounded by memoryMiB). Keep it
         * above twice memoryMiB: V8 weighs the engine's memory against this limit, and a tighter
         * one makes it collect garbage on every growth of that memory (ten times slower).
         */
        workerHeapMiB: z.int().min(16).default(256),
        /** Reviews waiting for a worker; beyond it a review fails at once. */
        queueLength: z.int().min(1).default(64),
        /** Per review, waiting included; keep it below the webhook configurations' timeoutSeconds. */
        deadlineMs: z.int().min(10).default(3000),
        /** Inputs larger than this (JSON bytes) may occupy every worker but one. */
        largeInputBytes: z
          .int()
          .min(1024)
          .default(64 * 1024),
      })
      .prefault({}),
    /**
     * The strictest mode for the findings of a rule level, unless the policy has its own mode.
     * Exposure rules flag Kubernetes defaults (a mounted token, a NodePort), so they warn by default.
     */
    maxModeByLevel: z
      .strictObject({
        baseline: ModeSchema.optional(),
        restricted: ModeSchema.optional(),
        exposure: ModeSchema.optional(),
        runtime: ModeSchema.optional(),
      })
      .default({ exposure: 'warn' }),
    /** Policy parameters, keyed by policy id, passed to Rego as input.config.parameters. */
    parameters: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    bundle: z
      .strictObject({
        /** A bundle file, or one in a mounted ConfigMap or volume; not read when `service` is set. */
        path: z.string().default('policies/bundle/bundle.tar.gz'),
        /** Reload the bundle when the file changes; the last good bundle stays on failure. */
        watch: z.boolean().default(true),
        /** Fetch bundles from a server of the OPA bundle protocol instead of `path` (docs/bundles.md). */
        service: BundleServiceSchema.optional(),
        /** Accept only bundles signed as OPA signs them (`.signatures.json`), from any source. */
        verification: BundleVerificationSchema.optional(),
      })
      .prefault({}),
    /** PolicyExceptions (docs/exceptions.md), read from the cluster when kubernetes.enabled. */
    exceptions: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** How long the exception cache may fail to follow the API server before no exception applies. */
        maxCacheStaleSeconds: z.number().min(0).default(60),
      })
      .prefault({}),
    profiles: z
      .strictObject({
        /** none: static rules only; directory: profile files; cluster: WorkloadProfile objects. */
        source: z.enum(['none', 'directory', 'cluster']).default('none'),
        directory: z.string().optional(),
        /** A profile whose last observation is older than this is stale. */
        maxAgeHours: z
          .number()
          .positive()
          .default(24 * 7),
        /** Add a warning when a workload has no profile. */
        warnUnprofiled: z.boolean().default(false),
        /**
         * source cluster: how long the WorkloadProfile cache may fail to follow the API server
         * before its profiles are no longer trusted (runtime findings then only warn).
         */
        maxCacheStaleSeconds: z.number().min(0).default(60),
        /**
         * What a profile must show before its findings may deny or patch (src/profile/
         * evidence-sufficiency.ts); below it they only warn, naming what is missing.
         */
        evidence: z
          .strictObject({
            /** Observation window per source, in seconds (a recording covers its command's life). */
            minObservedSeconds: z
              .strictObject({
                agent: z.number().min(0).default(3600),
                recording: z.number().min(0).default(0),
                kubescape: z.number().min(0).default(0),
              })
              .prefault({}),
            /** Pods an agent profile must have observed. */
            minPodsObserved: z.int().min(0).default(1),
            minSyscalls: z.int().min(0).default(1),
            minExecutables: z.int().min(0).default(1),
            /** Signals that end a recording as expected; any other signal or exit status ≠ 0 is a failure. */
            expectedSignals: z
              .array(z.string().regex(/^SIG[A-Z0-9]+$/, 'a signal name such as SIGTERM'))
              .default(['SIGTERM', 'SIGINT']),
          })
          .prefault({}),
      })
      .prefault({}),
    kubernetes: z
      .strictObject({
        /** Watch Namespaces (mode/level labels) and WorkloadProfiles through the API server. */
        enabled: z.boolean().default(false),
        kubeconfig: z.string().optional(),
        /** After a failed list or watch, informers relist after this delay, doubled per failure. */
        retryInitialSeconds: z.number().positive().default(0.5),
        retryMaxSeconds: z.number().positive().default(30),
        /** The API server ends each watch after this long; the informer resumes it at once. */
        watchTimeoutSeconds: z.int().min(1).default(300),
      })
      .prefault({}),
    /** PolicyReports (docs/reports.md): what audit mode and `profilegate audit -o policyreport` write. */
    reports: z
      .strictObject({
        format: ReportFormatSchema.default('wgpolicyk8s.io/v1alpha2'),
        /** One report per namespace (few objects, fewer writes) or one per workload. */
        scope: z.enum(['namespace', 'workload']).default('namespace'),
        /** Hard cap on one report's JSON: etcd refuses requests over 1.5 MiB. */
        maxBytes: z
          .int()
          .min(16 * 1024)
          .max(1024 * 1024)
          .default(256 * 1024),
        maxResults: z.int().min(1).max(10_000).default(1000),
        /**
         * The background audit (docs/reports.md): the webhook judges what already runs and writes
         * the reports; needs kubernetes.enabled. One replica writes, the holder of a Lease.
         */
        background: z
          .strictObject({
            enabled: z.boolean().default(false),
            /** Objects judged per second at most, so a full rescan does not starve admission. */
            perSecond: z.number().positive().default(50),
            leaseName: z.string().min(1).default('profilegate-audit'),
            /** Where the Lease lives: the webhook's own namespace. */
            leaseNamespace: z.string().min(1).default('profilegate-system'),
            leaseDurationSeconds: z.int().min(2).default(15),
            /** This replica in the Lease (the pod name); the host name when unset. */
            identity: z.string().min(1).optional(),
          })
          .prefault({}),
      })
      .prefault({}),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  })
  .superRefine((config, ctx) => {
    const tls = config.server.tls;
    if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['server', 'tls', tls.certFile === undefined ? 'certFile' : 'keyFile'],
        message: 'certFile and keyFile must be set together',
      });
    }
    const { metrics } = config.server;
    if (metrics.enabled && metrics.port !== 0 && metrics.port === config.server.port) {
      ctx.addIssue({
        code: 'custom',
        path: ['server', 'metrics', 'port'],
        message: `must differ from server.port (${config.server.port}): metrics have a port of their own`,
      });
    }
    if (config.reports.background.enabled && !config.kubernetes.enabled) {
      ctx.addIssue({
        code: 'custom',
        path: ['reports', 'background', 'enabled'],
        message: 'needs kubernetes.enabled: the background audit reads and writes through the API server',
      });
    }
    if (config.profiles.source === 'directory' && !config.profiles.directory) {
      ctx.addIssue({
        code: 'custom',
        path: ['profiles', 'directory'],
        message: 'required when profiles.source is "directory"',
      });
    }
    if (config.kubernetes.retryMaxSeconds < config.kubernetes.retryInitialSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['kubernetes', 'retryMaxSeconds'],
        message: 'must be at least kubernetes.retryInitialSeconds',
      });
    }
    if (config.profiles.source === 'cluster' && !config.kubernetes.enabled) {
      ctx.addIssue({
        code: 'custom',
        path: ['kubernetes', 'enabled'],
        message: 'must be true when profiles.source is "cluster"',
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
export type Mode = z.infer<typeof ModeSchema>;
export type Level = z.infer<typeof LevelSchema>;
export type ReportFormat = z.infer<typeof ReportFormatSchema>;
export type ReportSettings = Config['reports'];

export class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration (${source}):\n  ${problems.join('\n  ')}`);
  }
}
