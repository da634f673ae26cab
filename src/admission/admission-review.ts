/**
 * AdmissionReview v1 as the API server sends it. Only the fields ProfileGate reads are
 * typed; the rest of the request is kept as it came (loose objects).
 */
import { z } from 'zod';

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';

const GroupVersionKind = z.object({ group: z.string(), version: z.string(), kind: z.string().min(1) });
const GroupVersionResource = z.object({
  group: z.string(),
  version: z.string(),
  resource: z.string().min(1),
});
const KubernetesObject = z.looseObject({
  metadata: z.looseObject({}).optional(),
});

export const AdmissionRequestSchema = z.looseObject({
  uid: z.string().min(1),
  kind: GroupVersionKind,
  resource: GroupVersionResource,
  subResource: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  operation: z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']),
  userInfo: z.looseObject({ username: z.string().optional(), groups: z.array(z.string()).optional() }),
  object: KubernetesObject.nullable().optional(),
  oldObject: KubernetesObject.nullable().optional(),
  dryRun: z.boolean().optional(),
});

export type AdmissionRequest = z.infer<typeof AdmissionRequestSchema>;

export interface AdmissionStatus {
  code: number;
  message: string;
  reason?: string;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: AdmissionStatus;
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
  patchType?: 'JSONPatch';
  /** Base64 of the JSON Patch document. */
  patch?: string;
}

export interface AdmissionReviewResponse {
  apiVersion: typeof ADMISSION_API_VERSION;
  kind: 'AdmissionReview';
  response: AdmissionResponse;
}
