// Types of scripts/compile.mjs (plain JavaScript so that checking for changes stays fast).
export function isStale(root: string): boolean;
export function canCompile(root: string): boolean;
export function compile(root: string, options?: { quiet?: boolean }): number;
export function ensureCompiled(root: string, options?: { quiet?: boolean }): number;
