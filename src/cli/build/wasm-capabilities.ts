/**
 * The capabilities file that guards `opa build -t wasm`: the builtins of `opa capabilities
 * --current` that our runtime can provide, either natively inside the compiled WASM module or
 * through the JavaScript builtins of @open-policy-agent/opa-wasm. A policy that calls any other
 * builtin fails at build time ("undefined function") instead of at admission time
 * ("not implemented: built-in function …").
 *
 * Which builtins are native depends on the opa release, so it is measured, not listed: a probe
 * policy calls every builtin, is compiled to WASM, and the module's `builtins()` export names
 * the ones it needs from the host (see host-builtins.ts).
 */

/**
 * Builtins @open-policy-agent/opa-wasm implements in JavaScript (src/builtins/*.js).
 * sprintf is sprintf-js: it knows %s %d %v but not Go's %q, so rules quote with pods.quote;
 * the WASM-vs-interpreter agreement check in `profilegate policy test` catches the rest.
 */
export const SDK_BUILTINS: ReadonlySet<string> = new Set([
  'sprintf',
  'json.is_valid',
  'regex.split',
  'yaml.is_valid',
  'yaml.marshal',
  'yaml.unmarshal',
]);

export interface BuiltinDecl {
  name: string;
  decl: { args?: unknown[]; result?: unknown; variadic?: unknown };
  infix?: string;
}

export interface Capabilities {
  builtins: BuiltinDecl[];
  [key: string]: unknown;
}

export function parseCapabilities(json: string): Capabilities {
  const value: unknown = JSON.parse(json);
  const builtins = (value as { builtins?: unknown } | null)?.builtins;
  if (
    !Array.isArray(builtins) ||
    !builtins.every((b) => typeof (b as { name?: unknown }).name === 'string')
  ) {
    throw new Error('opa capabilities --current printed no builtins list');
  }
  return value as Capabilities;
}

/** Builtins the probe cannot call as f(args…): operators, internals, relations, variadics. */
export function probeable(builtin: BuiltinDecl): boolean {
  return (
    !builtin.name.startsWith('internal.') &&
    builtin.name !== 'print' &&
    builtin.infix !== '=' &&
    builtin.infix !== ':=' &&
    builtin.decl.variadic === undefined &&
    builtin.decl.result !== undefined
  );
}

/** Rego that calls each builtin once with arguments from input, one rule per line. */
export function probeSource(builtins: readonly BuiltinDecl[]): string {
  const rules = builtins.map((b, i) => {
    const args = (b.decl.args ?? []).map((_, j) => `input.a${j}`).join(', ');
    return `p${i} := ${b.name}(${args})`;
  });
  const names = builtins.map((_, i) => `p${i}`).join(', ');
  return `package probe\n\n${rules.join('\n')}\n\nr := [${names}]\n`;
}

/** Line number of the first probe rule in probeSource's output. */
export const PROBE_FIRST_LINE = 3;

/**
 * current minus the builtins the WASM module would need from a host that cannot provide them.
 * `unusable` are builtins the probe could not compile at all (deprecated ones): dropped too.
 */
export function wasmCapabilities(
  current: Capabilities,
  hostRequired: ReadonlySet<string>,
  unusable: ReadonlySet<string>,
): Capabilities {
  const kept = current.builtins.filter(
    (b) => !unusable.has(b.name) && (!hostRequired.has(b.name) || SDK_BUILTINS.has(b.name)),
  );
  return { ...current, builtins: kept };
}

/** Names the builtins an `opa build` error blames, if the error is about unknown functions. */
export function unavailableBuiltins(opaError: string): string[] {
  const names = [...opaError.matchAll(/undefined function ([\w.]+)/g)].map((m) => m[1] ?? '');
  return [...new Set(names.filter((n) => n !== ''))];
}
