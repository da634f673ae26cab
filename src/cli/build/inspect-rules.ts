/**
 * The rule METADATA of a set of policy sources, from `opa inspect -a`. opa inspects exactly one
 * path and, given a directory, loads its YAML and JSON as data (an author's case files would
 * collide), so the built-in library is inspected whole and an author's directories file by file.
 * The framework (main.rego, lib) declares no rule package and is not inspected.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpaCli } from './opa-cli.js';
import { REGO_DIR, type PolicySources } from './policy-sources.js';
import { isTestFile } from './rego-sources.js';
import { parseInspectOutput, type RuleMetadata } from './rule-metadata.js';

export async function inspectRules(opa: OpaCli, sources: PolicySources): Promise<RuleMetadata[]> {
  const paths = [...(sources.builtins ? [REGO_DIR] : []), ...(await regoFiles(sources.dirs))];
  const outputs: string[] = [];
  for (const path of paths) outputs.push((await opa.run(['inspect', '-a', '--format', 'json', path])).stdout);
  return parseInspectOutput(...outputs);
}

async function regoFiles(dirs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const dir of dirs) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    for (const e of entries) {
      if (e.isFile() && e.name.endsWith('.rego') && !isTestFile(e.name))
        files.push(join(e.parentPath, e.name));
    }
  }
  return files.sort();
}
