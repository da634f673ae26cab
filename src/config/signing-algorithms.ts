/** The JWS algorithms a bundle signature may use (those OPA signs and verifies with). */
export const SIGNING_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'HS256',
  'HS384',
  'HS512',
] as const;

export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];
