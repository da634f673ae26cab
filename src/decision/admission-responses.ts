/** Named builders for every kind of AdmissionResponse ProfileGate gives. */
import type { AdmissionResponse } from '../admission/admission-review.js';

export function allowed(
  uid: string,
  extras: Omit<AdmissionResponse, 'uid' | 'allowed'> = {},
): AdmissionResponse {
  return { uid, allowed: true, ...extras };
}

/** A policy denial: HTTP-style 403, as kubectl prints it after "admission webhook ... denied the request:". */
export function forbidden(
  uid: string,
  message: string,
  extras: Omit<AdmissionResponse, 'uid' | 'allowed' | 'status'> = {},
): AdmissionResponse {
  return { uid, allowed: false, status: { code: 403, reason: 'Forbidden', message }, ...extras };
}

/** The request itself could not be read (a field is missing or malformed). */
export function badRequest(uid: string, message: string): AdmissionResponse {
  return { uid, allowed: false, status: { code: 400, reason: 'BadRequest', message } };
}

/** Policies could not be evaluated and the failure setting says deny. */
export function internalError(uid: string, message: string): AdmissionResponse {
  return { uid, allowed: false, status: { code: 500, reason: 'InternalError', message } };
}
