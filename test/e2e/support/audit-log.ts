import { readFile } from 'node:fs/promises';

/** The fields of an audit.k8s.io/v1 Event that the scenarios look at. */
export interface AuditEvent {
  readonly verb?: string;
  readonly stage?: string;
  readonly objectRef?: { resource?: string; namespace?: string; name?: string };
  readonly annotations?: Record<string, string>;
  readonly responseStatus?: { code?: number };
}

/** Every event of the API server's JSON audit log. */
export async function readAuditLog(file: string): Promise<AuditEvent[]> {
  const text = await readFile(file, 'utf8');
  const events: AuditEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    events.push(JSON.parse(line) as AuditEvent);
  }
  return events;
}

/** The ResponseComplete events of requests on one object. */
export async function eventsFor(
  file: string,
  resource: string,
  namespace: string,
  name: string,
): Promise<AuditEvent[]> {
  return (await readAuditLog(file)).filter(
    (e) =>
      e.stage === 'ResponseComplete' &&
      e.objectRef?.resource === resource &&
      e.objectRef.namespace === namespace &&
      e.objectRef.name === name,
  );
}

/** Annotation keys of `event` that ProfileGate's webhooks added (`<webhook>/<key>`). */
export function profileGateAnnotations(event: AuditEvent): Record<string, string> {
  return Object.fromEntries(
    Object.entries(event.annotations ?? {}).filter(([key]) => key.includes('profilegate.dev/')),
  );
}
