/**
 * The NDJSON lines profilegate-recorder writes on stdout (bpf-profiler/src/event-print.c,
 * commands.c and loader.c). Parsed strictly: a line we do not understand is a bug in one of the
 * two sides.
 */
import { z } from 'zod';

const Key = z.string().regex(/^\d+$/);
const Base = { key: Key, pid: z.int().min(0) };

export const RecorderMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    keyMode: z.enum(['cgroup', 'mntns']),
    capHook: z.enum(['tracepoint', 'kprobe', 'none']),
    capClassifier: z.enum(['kallsyms', 'none']),
    pathSyscalls: z.int(),
    pathSyscallsMissing: z.int(),
  }),
  z.object({ type: z.literal('exec'), ...Base, path: z.string(), truncated: z.boolean() }),
  z.object({
    type: z.literal('file'),
    ...Base,
    access: z.enum(['read', 'write']),
    dir: z.string(),
    /** The file opened, unless a directory was (the recorder sends each file once, by inode). */
    file: z.string().optional(),
    truncated: z.boolean(),
  }),
  z.object({
    type: z.literal('named'),
    ...Base,
    access: z.literal('write'),
    base: z.string().nullable(),
    arg: z.string(),
    truncated: z.boolean(),
  }),
  z.object({
    type: z.literal('ids'),
    ...Base,
    uid: z.int(),
    euid: z.int(),
    gid: z.int(),
    egid: z.int(),
    transition: z.boolean(),
  }),
  z.object({
    type: z.literal('listen'),
    ...Base,
    protocol: z.enum(['TCP', 'UDP', 'SCTP']),
    port: z.int(),
  }),
  z.object({
    type: z.literal('connect'),
    ...Base,
    protocol: z.enum(['TCP', 'UDP', 'SCTP']),
    port: z.int(),
    family: z.union([z.literal(4), z.literal(6)]),
    addr: z.string(),
  }),
  z.object({
    type: z.literal('cap'),
    ...Base,
    cap: z.string(),
    counted: z.boolean(),
    reason: z.string().optional(),
  }),
  z.object({ type: z.literal('summary'), key: Key, syscalls: z.array(z.string()) }),
  z.object({
    type: z.literal('lost'),
    ringbuf: z.int(),
    seenFull: z.int(),
    pendingFull: z.int(),
    stack: z.int(),
    userRead: z.int(),
    total: z.int(),
  }),
  z.object({ type: z.literal('tracked'), key: Key }),
  /**
   * The kernel tracked this key itself at its first exec below a watched root. `hooksDown`: the
   * syscall programs were not all attached then, so what it did before they were is missing.
   */
  z.object({ type: z.literal('adopted'), ...Base, hooksDown: z.literal(true).optional() }),
  z.object({ type: z.literal('watching'), key: Key }),
  z.object({ type: z.literal('unwatched'), key: Key }),
  /** The syscall programs were attached (something is recorded) or detached (nothing is). */
  z.object({ type: z.literal('hooks'), syscalls: z.enum(['attached', 'detached']) }),
  z.object({ type: z.literal('untracked'), key: Key }),
  z.object({ type: z.literal('flushed') }),
  z.object({ type: z.literal('exit') }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);

export type RecorderMessage = z.infer<typeof RecorderMessageSchema>;
export type LostCounters = Extract<RecorderMessage, { type: 'lost' }>;
export type ReadyMessage = Extract<RecorderMessage, { type: 'ready' }>;

/** Messages that carry an observation about one tracked key. */
export type Observation = Extract<
  RecorderMessage,
  { type: 'exec' | 'file' | 'named' | 'ids' | 'listen' | 'connect' | 'cap' | 'summary' }
>;

export class RecorderProtocolError extends Error {
  override readonly name = 'RecorderProtocolError';
  constructor(
    readonly line: string,
    readonly problem: string,
  ) {
    super(`recorder sent an unexpected line (${problem}): ${line.slice(0, 200)}`);
  }
}

export function parseRecorderLine(line: string): RecorderMessage {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new RecorderProtocolError(line, error instanceof Error ? error.message : 'not JSON');
  }
  const result = RecorderMessageSchema.safeParse(json);
  if (!result.success) throw new RecorderProtocolError(line, result.error.issues[0]?.message ?? 'invalid');
  return result.data;
}

export function isObservation(m: RecorderMessage): m is Observation {
  return (
    m.type === 'exec' ||
    m.type === 'file' ||
    m.type === 'named' ||
    m.type === 'ids' ||
    m.type === 'listen' ||
    m.type === 'connect' ||
    m.type === 'cap' ||
    m.type === 'summary'
  );
}
