/**
 * JUnit XML for CI test tabs: one testsuite per manifest file, one testcase per judged object,
 * a <failure> per finding at or above --fail-on (the rest are listed in system-out). Written by
 * hand: the format is a few elements, and escaping is the only subtle part (xmlEscape below).
 */
import { atOrAbove, resourceName, type AuditedObject, type FailOn } from './audit-result.js';

export function xmlEscape(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // XML 1.0 cannot carry control characters other than tab, newline and carriage return.
      .replace(/[^\t\n\r\u0020-\uffff]/g, '')
  );
}

function testcase(a: AuditedObject, failOn: FailOn): { xml: string; failed: boolean } {
  const name = xmlEscape(resourceName(a.subject));
  const file = xmlEscape(a.file);
  const findings = a.result.judged.violations;
  const failing = findings.filter((v) => atOrAbove(v.severity, failOn));
  const rest = [
    ...findings
      .filter((v) => !atOrAbove(v.severity, failOn))
      .map((v) => `[${v.severity}] ${v.id}: ${v.message}`),
    ...(a.result.judged.exempted ?? []).map(
      (v) =>
        `[${v.severity}] ${v.id}: exempted by PolicyException ${v.exemptedBy.name} (${v.exemptedBy.reason}): ${v.message}`,
    ),
  ];
  const body = [
    ...failing.map(
      (v) =>
        `      <failure type="${xmlEscape(v.id)}" message="${xmlEscape(v.message)}">${xmlEscape(`[${v.severity}] ${v.id}: ${v.message} (${a.file}:${a.line})`)}</failure>`,
    ),
    ...(rest.length > 0 ? [`      <system-out>${xmlEscape(rest.join('\n'))}</system-out>`] : []),
  ];
  const open = `    <testcase classname="${file}" name="${name}" file="${file}" line="${a.line}"`;
  return {
    xml: body.length > 0 ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`,
    failed: failing.length > 0,
  };
}

export function formatJunit(audited: readonly AuditedObject[], failOn: FailOn): string {
  const files = [...new Set(audited.map((a) => a.file))];
  let tests = 0;
  let failures = 0;
  const suites = files.map((file) => {
    const cases = audited.filter((a) => a.file === file).map((a) => testcase(a, failOn));
    const failed = cases.filter((c) => c.failed).length;
    tests += cases.length;
    failures += failed;
    return [
      `  <testsuite name="${xmlEscape(file)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0">`,
      ...cases.map((c) => c.xml),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="profilegate audit" tests="${tests}" failures="${failures}" errors="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
