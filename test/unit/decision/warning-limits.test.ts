import assert from 'node:assert/strict';
import { MAX_WARNING_LENGTH, MAX_WARNINGS_TOTAL, fitWarnings } from '../../../src/decision/warning-limits.js';

describe('fitWarnings', () => {
  it('keeps short warnings as they are', () => {
    assert.deepEqual(fitWarnings(['a', 'b']), ['a', 'b']);
  });

  it('shortens a warning over the API server limit with an ellipsis', () => {
    const [warning] = fitWarnings(['x'.repeat(400)]);
    assert.equal(warning?.length, MAX_WARNING_LENGTH);
    assert.ok(warning.endsWith('…'));
  });

  it('stays under the total limit and says how many were left out', () => {
    const warnings = fitWarnings(Array.from({ length: 40 }, (_, i) => `${i}:${'y'.repeat(250)}`));
    const total = warnings.reduce((sum, w) => sum + w.length, 0);
    assert.ok(total <= MAX_WARNINGS_TOTAL, `total ${total}`);
    assert.match(warnings.at(-1) ?? '', /^profilegate: \d+ more findings not shown/);
    const shown = warnings.length - 1;
    assert.equal(
      warnings.at(-1),
      `profilegate: ${40 - shown} more findings not shown (see audit annotations)`,
    );
  });
});
