/**
 * The digest part of an image reference, so a pod's image can be compared with the image a
 * profile was recorded on. Only `@sha256:` references carry one: a tag alone (`nginx:1.27`)
 * says nothing about which bytes run, so it is never used to call a profile stale.
 */
const DIGEST = /@(sha256:[0-9a-f]{64})$/;

export function imageDigest(image: string | undefined): string | undefined {
  if (image === undefined) return undefined;
  return DIGEST.exec(image)?.[1];
}

/** Profiles may store the digest with or without the algorithm prefix; compare the hex only. */
export function sameDigest(a: string, b: string): boolean {
  const hex = (d: string): string => d.replace(/^sha256:/, '').toLowerCase();
  return hex(a) === hex(b);
}
