// How a call to Centrapay failed. `rejected`: Centrapay answered and refused (a 4xx with its code), so the outcome
// is known. `unavailable`: no readable answer (network, timeout, 5xx, 429, HTML, malformed), so the outcome is
// unknown and the caller must check before acting on it.
export type CentrapayErrorKind = 'rejected' | 'unavailable';

export class CentrapayError extends Error {
  constructor(
    readonly kind: CentrapayErrorKind,
    /** Centrapay's `message` code for a rejection (e.g. REQUEST_PAID), or a short label of the failure. */
    readonly code: string,
    readonly statusCode: number | undefined,
    detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
    this.name = 'CentrapayError';
  }
}
