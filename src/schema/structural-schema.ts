/**
 * JSON Schema from `z.toJSONSchema` made *structural* for a Kubernetes CRD (the WorkloadProfile
 * and PolicyException CRDs are generated from their zod schemas with it):
 * - `const` becomes a one-value `enum`; `$schema` and `propertyNames` go;
 * - `additionalProperties: false` goes: Kubernetes prunes unknown fields of a structural
 *   schema anyway, and forbids `additionalProperties` next to `properties`;
 * - `default` goes: zod fills defaults when an object is read;
 * - date-times keep `format: date-time` but not zod's regex (RE2, which the API server uses,
 *   is not guaranteed to accept every construct of it); the JS-only MAX_SAFE_INTEGER bound goes.
 */
type JsonSchema = Record<string, unknown>;

export function structuralSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(structuralSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node as JsonSchema)) {
    if (['$schema', 'propertyNames', 'default', 'additionalProperties'].includes(key)) continue;
    if (key === 'const') out.enum = [value];
    else if (key === 'pattern' && 'format' in (node as JsonSchema)) continue;
    else if (key === 'maximum' && value === Number.MAX_SAFE_INTEGER) continue;
    else if (key === 'properties') out.properties = mapValues(value as JsonSchema, structuralSchema);
    else out[key] = structuralSchema(value);
  }
  // Maps (labels, annotations) keep their value schema: there additionalProperties is the point.
  const additional = (node as JsonSchema).additionalProperties;
  if (typeof additional === 'object' && additional !== null && Object.keys(additional).length > 0) {
    out.additionalProperties = structuralSchema(additional);
  }
  return out;
}

function mapValues(obj: JsonSchema, f: (v: unknown) => unknown): JsonSchema {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, f(v)]));
}
