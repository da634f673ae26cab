import { NodeAgent } from '../../../bpf-profiler/agent/node-agent.js';

/** A NodeAgent whose API knows no pods or owners and stores nothing: for loop tests. */
export function offlineAgent(now?: () => Date): NodeAgent {
  return new NodeAgent({
    node: 'n1',
    pods: { podByUid: () => Promise.resolve(undefined) },
    owners: { getOwner: () => Promise.resolve(undefined) },
    profiles: {
      get: () => Promise.resolve(undefined),
      create: () => Promise.resolve(),
      replace: () => Promise.resolve(),
    },
    ...(now === undefined ? {} : { now }),
  });
}
