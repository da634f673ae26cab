/**
 * The regular and init containers of an untyped pod spec, by name and image. Ephemeral
 * (debug) containers are left out: they are added to running pods and never profiled.
 */
export interface PodContainerRef {
  name: string;
  image: string | undefined;
}

export function podContainers(podSpec: Record<string, unknown>): PodContainerRef[] {
  const refs: PodContainerRef[] = [];
  for (const kind of ['initContainers', 'containers']) {
    const list = podSpec[kind];
    if (!Array.isArray(list)) continue;
    for (const item of list as unknown[]) {
      if (typeof item !== 'object' || item === null) continue;
      const { name, image } = item as { name?: unknown; image?: unknown };
      if (typeof name !== 'string') continue;
      refs.push({ name, image: typeof image === 'string' ? image : undefined });
    }
  }
  return refs;
}
