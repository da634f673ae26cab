/** metav1.LabelSelector semantics: every matchLabels pair and every expression must hold. */
import type { LabelSelector } from './policy-exception.js';

export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    const value = labels[key];
    const holds =
      operator === 'Exists'
        ? has
        : operator === 'DoesNotExist'
          ? !has
          : operator === 'In'
            ? has && value !== undefined && values.includes(value)
            : !has || value === undefined || !values.includes(value);
    if (!holds) return false;
  }
  return true;
}
