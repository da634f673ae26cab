import type { AdmissionRequest } from './admission-review.js';

/**
 * `kubectl debug` adds ephemeral containers to a running Pod through the
 * pods/ephemeralcontainers subresource: an UPDATE whose object is the whole Pod, new ephemeral
 * containers included. Pod Security Admission judges it as a Pod update, and so does ProfileGate:
 * every container rule sees the new containers. The other Pod subresources (status, binding,
 * eviction, exec, ...) change nothing a policy reads.
 */
export function isEphemeralContainersUpdate(
  request: Pick<AdmissionRequest, 'subResource' | 'operation' | 'kind'>,
): boolean {
  return (
    request.subResource === 'ephemeralcontainers' &&
    request.operation === 'UPDATE' &&
    request.kind.group === '' &&
    request.kind.kind === 'Pod'
  );
}
