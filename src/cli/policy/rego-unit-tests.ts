/**
 * The Rego unit tests of `policy test`, read from `opa test --format json` (a list of test
 * results) rather than opa's human output, so a count or a failure is never mis-parsed.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { z } from 'zod';
import { regoFilesIn } from '../build/rego-sources.js';
import type { OpaCli } from '../build/opa-cli.js';
import { REGO_ONLY, regoPaths, type PolicySources } from '../build/policy-sources.js';

const TestResult = z.looseObject({
  location: z.looseObject({ file: z.string(), row: z.number() }),
  package: z.string(),
  name: z.string(),
  fail: z.boolean().optional(),
  skip: z.boolean().optional(),
  error: z.looseObject({ message: z.string().optional() }).optional(),
  /** What the test printed, base64 (Go encodes []byte so). */
  output: z.string().optional(),
});

type TestResult = z.infer<typeof TestResult>;

export interface UnitTestSummary {
  passed: number;
  failed: number;
  skipped: number;
  /** The report printed to the author: one line per failure with what it printed, then the count. */
  report: string;
}

/**
 * With an author's directories only their tests run: the built-in rules are tested by
 * ProfileGate, and its whole-library tests (main_test.rego) would see the author's rules too.
 */
export async function runRegoUnitTests(
  opa: OpaCli,
  sources: PolicySources,
  /** Where the author runs the command: failing tests are named relative to it. */
  cwd: string,
): Promise<UnitTestSummary> {
  const only = sources.dirs.length === 0 ? [] : await testPackages(sources.dirs);
  if (sources.dirs.length > 0 && only.length === 0) {
    const report = `opa test: no Rego tests in ${sources.dirs.join(', ')} (write *_test.rego files beside your rules)\n`;
    return { passed: 0, failed: 1, skipped: 0, report };
  }
  const run = only.length === 0 ? [] : ['--run', `^(${only.map(escapeRegex).join('|')})\\.`];
  const args = ['test', '--format', 'json', ...REGO_ONLY, ...run, ...regoPaths(sources)];
  const result = await opa.run(args, { allowFailure: true });
  return summarize(result.stdout, result.stderr, cwd);
}

function summarize(stdout: string, stderr: string, cwd: string): UnitTestSummary {
  const results = parseResults(stdout);
  if (results === undefined) {
    // opa could not load the sources (a parse or compile error): there are no results to count.
    const reason = (stderr || stdout).trim();
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      report: `opa test: the policies do not compile:\n${reason}\n`,
    };
  }
  const failures = results.filter((r) => r.fail === true || r.error !== undefined);
  const skipped = results.filter((r) => r.skip === true).length;
  const passed = results.length - failures.length - skipped;
  const lines = failures.map((f) => describeFailure(f, cwd));
  const skippedNote = skipped > 0 ? `, ${skipped} skipped` : '';
  lines.push(`opa test: ${passed}/${results.length} passed${skippedNote}`);
  return { passed, failed: failures.length, skipped, report: `${lines.join('\n')}\n` };
}

/** data.<package> of every *_test.rego file under dirs. */
async function testPackages(dirs: readonly string[]): Promise<string[]> {
  const packages = new Set<string>();
  for (const dir of dirs) {
    for (const file of await regoFilesIn(dir, 'tests')) {
      const pkg = /^package\s+([\w.]+)/m.exec(await readFile(file, 'utf8'))?.[1];
      if (pkg !== undefined) packages.add(`data.${pkg}`);
    }
  }
  return [...packages].sort();
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function parseResults(stdout: string): TestResult[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  const parsed = z.array(TestResult).safeParse(json ?? []);
  return parsed.success ? parsed.data : undefined;
}

function describeFailure(result: TestResult, cwd: string): string {
  const file = isAbsolute(result.location.file) ? relative(cwd, result.location.file) : result.location.file;
  const where = `${file}:${result.location.row}`;
  const head = `FAIL ${result.package}.${result.name} (${where})`;
  const detail = [
    ...(result.error?.message === undefined ? [] : [`error: ${result.error.message}`]),
    ...printed(result.output),
  ];
  return [head, ...detail.map((d) => `  ${d}`)].join('\n');
}

function printed(output: string | undefined): string[] {
  if (output === undefined || output === '') return [];
  const text = Buffer.from(output, 'base64').toString('utf8').trimEnd();
  return text === '' ? [] : text.split('\n').map((l) => `printed: ${l}`);
}
