/**
 * A unified-style line diff for showing what a patch does to an object. Manifests are a few
 * hundred lines at most, so the quadratic LCS table is fine.
 */
export function unifiedDiff(before: string, after: string, context = 3): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const ops = diffLines(a, b);
  const keep = new Set<number>();
  ops.forEach((op, i) => {
    if (op.kind === ' ') return;
    for (let j = Math.max(0, i - context); j <= Math.min(ops.length - 1, i + context); j++) keep.add(j);
  });
  const out: string[] = [];
  let previous = -2;
  ops.forEach((op, i) => {
    if (!keep.has(i)) return;
    if (i !== previous + 1) out.push('@@');
    out.push(`${op.kind}${op.line}`);
    previous = i;
  });
  return out.join('\n');
}

interface LineOp {
  kind: ' ' | '-' | '+';
  line: string;
}

function diffLines(a: string[], b: string[]): LineOp[] {
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] =
        a[i] === b[j] ? (lcs[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const ops: LineOp[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i++] ?? '' });
      j++;
    } else if (j < b.length && (i >= a.length || (lcs[i]?.[j + 1] ?? 0) >= (lcs[i + 1]?.[j] ?? 0))) {
      ops.push({ kind: '+', line: b[j++] ?? '' });
    } else {
      ops.push({ kind: '-', line: a[i++] ?? '' });
    }
  }
  return ops;
}
