/**
 * PolicyException (profilegate.dev/v1alpha1, namespaced): exempts named rules for the workloads
 * of its own namespace that it matches, optionally only for some containers, images or fields,
 * until it expires. The one source of truth of its shape: the CRD (manifests/crds/
 * policyexception.yaml) is generated from this schema, and docs/exceptions.md documents it.
 */
import { z } from 'zod';
import { formatIssues } from '../schema/format-issues.js';

export const EXCEPTION_API_GROUP = 'profilegate.dev';
export const EXCEPTION_VERSION = 'v1alpha1';
export const EXCEPTION_KIND = 'PolicyException';
export const EXCEPTION_PLURAL = 'policyexceptions';

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A Kubernetes label selector (metav1.LabelSelector). `{}` selects every workload. */
export const LabelSelectorSchema = z.strictObject({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z
    .array(
      z.strictObject({
        key: z.string().min(1),
        operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
        values: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});

export type LabelSelector = z.infer<typeof LabelSelectorSchema>;

export const ExceptionRuleSchema = z.strictObject({
  /** The rule id (docs/policies.md, or an author's rule). */
  id: z.string().regex(RULE_ID, 'must be a rule id such as pss-capabilities'),
  /** Only findings about these containers (every container a finding names must be listed). */
  containers: z.array(z.string().min(1)).optional(),
  /** Only findings whose containers all run an image matching one of these globs (`*`, `?`). */
  images: z.array(z.string().min(1)).optional(),
  /**
   * Only findings on these fields, relative to the pod spec (or the Service spec), e.g.
   * `containers[*].securityContext.capabilities.add`, `hostNetwork`; a field covers its children.
   */
  fields: z.array(z.string().min(1)).optional(),
});

export type ExceptionRule = z.infer<typeof ExceptionRuleSchema>;

export const ExceptionMatchSchema = z
  .strictObject({
    /** Workload kinds (Deployment, CronJob, Pod, ...); a pod matches through the workload owning it. */
    kinds: z.array(z.string().min(1)).optional(),
    /** Workload names, globs allowed. */
    names: z.array(z.string().min(1)).optional(),
    /** On the pod template's labels. */
    selector: LabelSelectorSchema.optional(),
  })
  .refine((m) => m.kinds !== undefined || m.names !== undefined || m.selector !== undefined, {
    error: 'must set kinds, names or selector (selector: {} matches every workload of the namespace)',
  });

export const PolicyExceptionSchema = z.looseObject({
  apiVersion: z.literal(`${EXCEPTION_API_GROUP}/${EXCEPTION_VERSION}`),
  kind: z.literal(EXCEPTION_KIND),
  metadata: z.looseObject({ name: z.string().min(1), namespace: z.string().min(1) }),
  spec: z.strictObject({
    /** Why the exception exists (shown in every warning and report result it causes). */
    reason: z.string().min(1),
    /** RFC 3339; from then on the exception no longer applies. */
    expires: z.iso.datetime({ offset: true }).optional(),
    match: ExceptionMatchSchema,
    rules: z.array(ExceptionRuleSchema).min(1),
  }),
});

export type PolicyException = z.infer<typeof PolicyExceptionSchema>;

export class InvalidExceptionError extends Error {
  override readonly name = 'InvalidExceptionError';
}

/** Parses one PolicyException; every problem is named by its path. */
export function parsePolicyException(value: unknown, source: string): PolicyException {
  const parsed = PolicyExceptionSchema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidExceptionError(
      `${source}: invalid PolicyException: ${formatIssues(parsed.error).join('; ')}`,
    );
  }
  return parsed.data;
}

/**
 * An object as the API server lists or watches it: list items may leave out apiVersion and kind,
 * which are this CRD's.
 */
export function parseStoredException(value: object, source: string): PolicyException {
  return parsePolicyException(
    { apiVersion: `${EXCEPTION_API_GROUP}/${EXCEPTION_VERSION}`, kind: EXCEPTION_KIND, ...value },
    source,
  );
}

/** `namespace/name`, how warnings and reports name an exception. */
export function exceptionName(exception: PolicyException): string {
  return `${exception.metadata.namespace}/${exception.metadata.name}`;
}
