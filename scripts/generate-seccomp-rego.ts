/**
 * Writes the Rego copies of the runtime defaults (one source: src/hardening/*.ts):
 *   policies/rego/lib/runtime_default_syscalls.rego  (package profilegate.lib.seccomp)
 *   policies/rego/lib/runtime_defaults.rego          (package profilegate.lib.runtime_defaults)
 */
import { writeFileSync } from 'node:fs';
import { renderRuntimeDefaultsRego, renderSeccompRego } from '../src/cli/build/rego-defaults.js';

for (const [file, text] of [
  ['runtime_default_syscalls.rego', renderSeccompRego()],
  ['runtime_defaults.rego', renderRuntimeDefaultsRego()],
] as const) {
  const target = new URL(`../policies/rego/lib/${file}`, import.meta.url);
  writeFileSync(target, text);
  console.log(`wrote ${target.pathname}`);
}
