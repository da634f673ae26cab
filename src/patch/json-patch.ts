/**
 * The JSON Patch library behind one small module: fast-json-patch is CommonJS, so its
 * functions are taken from the default export here and nowhere else.
 */
import jsonpatch, { type Operation } from 'fast-json-patch';

export type { Operation };
export const { applyPatch, compare, deepClone, validate } = jsonpatch;
