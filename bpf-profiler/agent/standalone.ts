/**
 * Standalone recording: run commands in fresh cgroups under one recorder and turn what each
 * did into a WorkloadProfile (profile in CI, enforce at deploy). Several commands may be
 * recorded at once (a server and its client); each gets its own cgroup and observations.
 */
import { spawn, type StdioOptions } from 'node:child_process';
import { hostname } from 'node:os';
import { constants } from 'node:os';
import type { ProfileSource, WorkloadKind, WorkloadProfile } from '../../src/profile/workload-profile.js';
import {
  containerGaps,
  DEFAULT_EVIDENCE_MINIMUMS,
  observationGaps,
} from '../../src/profile/evidence-sufficiency.js';
import { buildWorkloadProfile } from './build-profile.js';
import { createCgroup, findCgroup2Mount, removeCgroup } from './cgroup-v2.js';
import { ContainerObservations } from './container-observations.js';
import { toContainerProfile } from './container-profile.js';
import { CGEXEC_BIN, ensureRecorderBuilt } from './recorder-build.js';
import { RecorderProcess } from './recorder-process.js';
import { PreexistingEvidence } from './preexisting-evidence.js';
import { HostPathProbe } from './preexisting-probe.js';
import type { LostCounters, ReadyMessage } from './recorder-messages.js';

export interface StandaloneOptions {
  command: string;
  args: string[];
  kind: WorkloadKind;
  name: string;
  namespace?: string;
  container: string;
  /** Digest of the image the command stands for (`sha256:…`): binds the profile to it. */
  imageDigest?: string;
  /** Where the child's stdio goes; the CLI inherits, tests ignore (or pipe). */
  stdio?: StdioOptions;
}

export interface StandaloneResult {
  profile: WorkloadProfile;
  exitCode: number;
  /** The cgroup id the command ran under. */
  cgroupId: string;
  /** Why the profile cannot justify a deny or patch (empty when it can, image aside). */
  gaps: string[];
}

let sequence = 0;

interface Recording {
  observations: ContainerObservations;
  /** The command runs with the host's root, so its paths are the host's. */
  preexisting: PreexistingEvidence;
}

export class RecordingSession {
  private readonly byKey = new Map<string, Recording>();

  private constructor(
    private readonly recorder: RecorderProcess,
    private readonly cgroupParent: string,
  ) {}

  static async start(): Promise<RecordingSession> {
    await ensureRecorderBuilt();
    const parent = await findCgroup2Mount();
    const session: { value?: RecordingSession } = {};
    const recorder = await RecorderProcess.start({
      perFile: true,
      onObservation: (o) => {
        const recording = session.value?.byKey.get(o.key);
        recording?.observations.apply(o);
        recording?.preexisting.observe(o);
      },
    });
    session.value = new RecordingSession(recorder, parent);
    return session.value;
  }

  get ready(): ReadyMessage {
    return this.recorder.ready;
  }

  async record(options: StandaloneOptions): Promise<StandaloneResult> {
    const observations = new ContainerObservations();
    const cgroup = await createCgroup(
      this.cgroupParent,
      `profilegate-${process.pid}-${Date.now()}-${sequence++}`,
    );
    const lostBefore = await this.recorder.flush();
    const firstSeen = new Date();
    const preexisting = new PreexistingEvidence(new HostPathProbe(firstSeen.getTime()));
    this.byKey.set(cgroup.id, { observations, preexisting });
    let end: CommandEnd;
    try {
      await this.recorder.track(cgroup.id);
      end = await runIn(cgroup.path, options);
    } finally {
      // Processes the command left running are part of it until the cgroup is emptied.
      await removeCgroup(cgroup);
    }
    const lostAfter = await this.recorder.flush();
    const lost = lostAfter.total - lostBefore.total;
    await this.recorder.untrack(cgroup.id);
    this.byKey.delete(cgroup.id);
    const lastSeen = new Date();

    const seconds = Math.max(1, Math.round((lastSeen.getTime() - firstSeen.getTime()) / 1000));
    const commandLine = [options.command, ...options.args].join(' ').slice(0, 120);
    const source: ProfileSource = {
      type: 'recording',
      ...(end.signal === null ? { exitCode: end.code ?? 1 } : { exitSignal: end.signal }),
    };
    const container = toContainerProfile(options.container, observations, options.imageDigest, (w) =>
      preexisting.fields(w),
    );
    const observation = {
      firstSeen: firstSeen.toISOString(),
      lastSeen: lastSeen.toISOString(),
      podsObserved: 0,
      nodesObserved: [],
      eventsLost: lost,
    };
    // A standalone run is the whole life of the program: complete when it ended as expected
    // and shows the program ran, by the same rule the webhook applies (default minimums).
    const gaps = [
      ...observationGaps({ source, observation }, DEFAULT_EVIDENCE_MINIMUMS),
      ...containerGaps(container, DEFAULT_EVIDENCE_MINIMUMS),
    ];
    const facts = `recorded \`${commandLine}\` for ${seconds}s in a fresh cgroup, ${lost} events lost${lostReasons(lostBefore, lostAfter)}`;
    const unbound = options.imageDigest === undefined ? ['bound to no image (--image NAME@sha256:…)'] : [];
    const caveats = [...gaps, ...unbound];
    const profile = buildWorkloadProfile({
      kind: options.kind,
      name: options.name,
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      source,
      containers: [container],
      firstSeen,
      lastSeen,
      podsObserved: 0,
      nodesObserved: [hostname()],
      eventsLost: lost,
      phase: gaps.length === 0 ? 'complete' : 'learning',
      reason: caveats.length === 0 ? facts : `${facts}; not evidence: ${caveats.join('; ')}`,
    });
    return { profile, exitCode: exitStatus(end), cgroupId: cgroup.id, gaps };
  }

  async stop(): Promise<void> {
    await this.recorder.stop();
  }
}

/** The counters `total` sums (`stack` is not a loss: such a check is counted as used). */
const LOST_REASONS = ['ringbuf', 'seenFull', 'pendingFull', 'userRead'] as const;

/** Which of the recorder's counters the losses came from (docs/bpf-profiler.md, "Loss accounting"): " (userRead 3)". */
function lostReasons(before: LostCounters, after: LostCounters): string {
  const counted = LOST_REASONS.map((r) => [r, after[r] - before[r]] as const).filter(([, n]) => n > 0);
  return counted.length === 0 ? '' : ` (${counted.map(([r, n]) => `${r} ${n}`).join(', ')})`;
}

export async function recordCommand(
  options: StandaloneOptions,
): Promise<StandaloneResult & { ready: ReadyMessage }> {
  const session = await RecordingSession.start();
  try {
    return { ...(await session.record(options)), ready: session.ready };
  } finally {
    await session.stop();
  }
}

interface CommandEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The status a shell would report: the code, or 128 + the signal number. */
function exitStatus(end: CommandEnd): number {
  if (end.signal === null) return end.code ?? 1;
  return 128 + constants.signals[end.signal];
}

function runIn(cgroupPath: string, options: StandaloneOptions): Promise<CommandEnd> {
  return new Promise((resolve, reject) => {
    const child = spawn(CGEXEC_BIN, [cgroupPath, options.command, ...options.args], {
      stdio: options.stdio ?? 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
}
