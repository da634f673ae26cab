/**
 * The rule METADATA of a set of policy sources, from `opa inspect -a`. opa inspects exactly one
 * path and, given a directory, loads its YAML and JSON as data (an author's case files would
 * collide), so the built-in library is inspected whole and an author's directories file by file.
 * The framework (main.rego, lib) declares no rule package and is not inspected.
 */
import type { OpaCli } from './opa-cli.js';
import { REGO_DIR, type PolicySources } from './policy-sources.js';
import { regoFilesIn } from './rego-sources.js';
import { parseInspectOutput, type RuleMetadata } from './rule-metadata.js';

export async function inspectRules(opa: OpaCli, sources: PolicySources): Promise<RuleMetadata[]> {
  const authored = await Promise.all(sources.dirs.map((d) => regoFilesIn(d, 'sources')));
  const paths = [...(sources.builtins ? [REGO_DIR] : []), ...authored.flat()];
  const outputs: string[] = [];
  for (const path of paths) outputs.push((await opa.run(['inspect', '-a', '--format', 'json', path])).stdout);
  return parseInspectOutput(...outputs);
}
