/**
 * Composition root of the node agent (the profiler DaemonSet's process): the only place that
 * reads process.env and installs signal handlers. It starts the recorder, the pod cache of this
 * node, and the loop that tracks container cgroups and writes WorkloadProfiles.
 *
 *   NODE_NAME=node-1 KUBECONFIG=… node --import tsx bpf-profiler/agent/main.ts
 */
import { AgentLoop } from './agent-loop.js';
import { parseAgentConfig, InvalidAgentConfigError, type AgentConfig } from './agent-config.js';
import { createAgentLogger } from './agent-logger.js';
import { CgroupTracker } from './cgroup-scanner.js';
import { readRootfsLayers } from './container-rootfs.js';
import { findCgroup2Mount, unifiedHierarchyAt } from './cgroup-v2.js';
import { accessFromKubeconfig, accessInCluster } from './kube-access.js';
import { ImageLayerProbe } from './image-layer-probe.js';
import { KubeOwnerLookup, KubeProfileApi } from './kube-adapters.js';
import { KubeClient } from './kube-client.js';
import { KubePodCache } from './kube-pod-cache.js';
import { NodeAgent } from './node-agent.js';
import { RECORDER_BIN } from './recorder-build.js';
import { RecorderProcess } from './recorder-process.js';

async function main(config: AgentConfig): Promise<void> {
  const logger = createAgentLogger(config.logLevel);
  const access =
    'kubeconfig' in config.kube
      ? accessFromKubeconfig(config.kube.kubeconfig)
      : accessInCluster(config.kube.host, config.kube.port);
  const client = new KubeClient(access);
  const pods = new KubePodCache(client, config.node, {
    warn: (message, error) => logger.warn({ err: String(error) }, message),
  });
  pods.start();
  const agent = new NodeAgent({
    node: config.node,
    pods,
    owners: new KubeOwnerLookup(client),
    profiles: new KubeProfileApi(client),
    criteria: config.criteria,
    // Looked up whatever the cgroup path suggests: under the cgroupfs driver it names no runtime.
    content: (container) => {
      const layers = readRootfsLayers(container.containerId);
      return layers === undefined ? undefined : new ImageLayerProbe(layers);
    },
  });
  const root =
    config.cgroupRoot === undefined ? await findCgroup2Mount() : await unifiedHierarchyAt(config.cgroupRoot);
  const recorder = await RecorderProcess.start({
    binary: config.recorder ?? RECORDER_BIN,
    onObservation: (o) => agent.observe(o),
    onAdopted: (key, hooksDown) => {
      agent.adopt(key, hooksDown);
      if (hooksDown)
        logger.warn(
          { key },
          'adopted while the syscall hooks were detached: its pod is not counted as observed',
        );
    },
    onHooks: (syscalls) => logger.info({ syscalls }, `syscall hooks ${syscalls}`),
  });
  const loop = new AgentLoop({
    agent,
    recorder,
    tracker: new CgroupTracker(root),
    cgroupRoot: root,
    logger,
    rescanMs: config.rescanMs,
    writeMs: config.writeMs,
  });
  await pods.synced;
  logger.info(
    { node: config.node, pid: process.pid, cgroupRoot: root, ...recorder.ready, pods: pods.size },
    'agent started',
  );
  loop.start();

  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down: writing the last round');
      void loop
        .stop()
        .catch((error: unknown) => logger.error({ err: String(error) }, 'last round failed'))
        .finally(async () => {
          pods.stop();
          await recorder.stop().catch(() => undefined);
          client.close();
          logger.info({}, 'stopped');
          process.exit(0);
        });
    });
  }
}

let config: AgentConfig;
try {
  config = parseAgentConfig(process.env);
} catch (error) {
  process.stderr.write(`${error instanceof InvalidAgentConfigError ? error.message : String(error)}\n`);
  process.exit(2);
}
main(config).catch((error: unknown) => {
  process.stderr.write(`profilegate agent failed to start: ${String(error)}\n`);
  process.exit(1);
});
