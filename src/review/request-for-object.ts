/**
 * The AdmissionRequest an object is judged as when no API server sent one: a dry-run CREATE made
 * up for it. `profilegate eval` and `audit` judge manifests this way, the background audit the
 * objects that already run; both then go through the one review flow (review-request.ts).
 */
import type { AdmissionRequest } from '../admission/admission-review.js';
import { isRecord } from '../schema/is-record.js';

export interface MadeUpRequest {
  uid: string;
  /** For an object whose metadata names no namespace. */
  namespace: string;
  /** Who the request is made up for (the CLI, the webhook's service account). */
  username: string;
}

function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

export function requestForObject(object: Record<string, unknown>, made: MadeUpRequest): AdmissionRequest {
  const [group, version] = splitApiVersion(String(object.apiVersion));
  const kind = String(object.kind);
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  return {
    uid: made.uid,
    kind: { group, version, kind },
    resource: { group, version, resource: `${kind.toLowerCase()}s` },
    name: typeof metadata.name === 'string' ? metadata.name : '',
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : made.namespace,
    operation: 'CREATE',
    userInfo: { username: made.username },
    object,
    dryRun: true,
  };
}
