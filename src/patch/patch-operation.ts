/**
 * One RFC 6902 operation as ProfileGate patches carry them (policy output, verified patches,
 * the combined /mutate patch). Paths are relative to request.object.
 */
import { z } from 'zod';

export const PatchOperation = z.union([
  z.strictObject({ op: z.literal('add'), path: z.string(), value: z.unknown() }),
  z.strictObject({ op: z.literal('replace'), path: z.string(), value: z.unknown() }),
  z.strictObject({ op: z.literal('remove'), path: z.string() }),
  z.strictObject({ op: z.literal('test'), path: z.string(), value: z.unknown() }),
]);

export type PatchOperation = z.infer<typeof PatchOperation>;

/** A finding's patch that was not applied, and why. */
export interface DroppedPatch {
  /** Id of the finding whose patch was dropped. */
  id: string;
  /** Why, e.g. `loosens capabilities of container "web" (adds NET_ADMIN)`. */
  reason: string;
  ops: PatchOperation[];
}
