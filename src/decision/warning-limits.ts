/**
 * The API server truncates admission warnings longer than 256 characters and caps the
 * total at 4 KiB, so we fit our list to those limits ourselves and say what was left out.
 */
export const MAX_WARNING_LENGTH = 256;
export const MAX_WARNINGS_TOTAL = 4096;

export function fitWarnings(warnings: readonly string[]): string[] {
  const fitted: string[] = [];
  let total = 0;
  for (const [i, raw] of warnings.entries()) {
    const warning = raw.length > MAX_WARNING_LENGTH ? `${raw.slice(0, MAX_WARNING_LENGTH - 1)}…` : raw;
    const remaining = warnings.length - i - 1;
    const reserve = remaining > 0 ? 64 : 0;
    if (total + warning.length + reserve > MAX_WARNINGS_TOTAL) {
      fitted.push(`profilegate: ${warnings.length - i} more findings not shown (see audit annotations)`);
      break;
    }
    fitted.push(warning);
    total += warning.length;
  }
  return fitted;
}
