/**
 * /mutate to a fixed point. Some fixes only show once another is applied: a privileged container
 * gets no seccomp or escalation finding (privileged makes them moot), so the patch that drops
 * `privileged` leaves them for a second evaluation. The API server does not call a webhook again
 * for its own patch (reinvocation follows other webhooks' changes), and in enforce mode the
 * validating webhook would then deny what one more round would have fixed. So the patched object
 * is evaluated again, up to MAX_MUTATION_ROUNDS, and the rounds' patches are sent as one JSON Patch
 * (each round's operations apply to the object the previous ones produced).
 */
import { isDeepStrictEqual } from 'node:util';
import type { AdmissionResponse } from '../admission/admission-review.js';
import type { ReviewOutcome } from './review-request.js';

export const MAX_MUTATION_ROUNDS = 3;

/**
 * A finding of one rule about the same containers. A later round never patches what an earlier
 * one did: the patched object holds the earlier fix (an emptyDir, say), and judged on it alone the
 * rule would lose the reason the fix kept something (CHOWN for the app to chown that emptyDir).
 */
export function findingKey(v: { id: string; containers?: readonly string[] }): string {
  return `${v.id}\n${[...(v.containers ?? [])].sort().join(',')}`;
}

function operationsOf(response: AdmissionResponse): unknown[] {
  if (response.patch === undefined) return [];
  return JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8')) as unknown[];
}

function joinIds(a: string | undefined, b: string | undefined): string | undefined {
  const ids = [...new Set([...(a ?? '').split(','), ...(b ?? '').split(',')].filter(Boolean))];
  return ids.length > 0 ? ids.join(',') : undefined;
}

/** `first` followed by the round `next` evaluated on first's patched object. */
export function combineRounds(first: ReviewOutcome, next: ReviewOutcome): ReviewOutcome {
  // A round whose patch changes nothing (a rule that proposes what is already there) ends it.
  if (next.decision !== 'patch' || isDeepStrictEqual(next.patched, first.patched)) return first;
  const a = first.response;
  const b = next.response;
  const annotations: Record<string, string> = { ...a.auditAnnotations, ...b.auditAnnotations };
  const patched = joinIds(a.auditAnnotations?.['patched'], b.auditAnnotations?.['patched']);
  if (patched !== undefined) annotations['patched'] = patched;
  const warnings = [...new Set([...(a.warnings ?? []), ...(b.warnings ?? [])])];
  const seen = new Set(first.violations.map((v) => `${v.id}\n${v.message}`));
  return {
    ...first,
    response: {
      ...a,
      ...(warnings.length > 0 ? { warnings } : {}),
      auditAnnotations: annotations,
      patchType: 'JSONPatch',
      patch: Buffer.from(JSON.stringify([...operationsOf(a), ...operationsOf(b)])).toString('base64'),
    },
    violations: [
      ...first.violations,
      ...next.violations.filter((v) => v.patch.length > 0 && !seen.has(`${v.id}\n${v.message}`)),
    ],
    dropped: [...(first.dropped ?? []), ...(next.dropped ?? [])],
    patched: next.patched,
  };
}
