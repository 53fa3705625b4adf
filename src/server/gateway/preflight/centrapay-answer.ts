// A pre-flight call's outcome in the terms the checks speak: Centrapay's answer, its refusal (status and code), or no
// answer at all (with why), so that each check can say in words what it means for the store.
import { CentrapayError } from '../centrapay/errors';

export type Answer<T> =
  | { kind: 'answered'; value: T }
  | { kind: 'refused'; status: number; code: string }
  | { kind: 'unreachable'; why: string };

export async function answerOf<T>(call: Promise<T>): Promise<Answer<T>> {
  try {
    return { kind: 'answered', value: await call };
  } catch (error) {
    if (error instanceof CentrapayError && error.kind === 'rejected') return { kind: 'refused', status: error.statusCode ?? 0, code: error.code };
    if (error instanceof CentrapayError) return { kind: 'unreachable', why: `${error.message} (${error.code})` };
    throw error;
  }
}

/** The words for no answer, and what to do. */
export function unreachableWords(baseUrl: string, why: string): { detail: string; action: string } {
  return {
    detail: `Centrapay at ${baseUrl} gave no usable answer: ${why}.`,
    action: 'Check CENTRAPAY_BASE_URL (e.g. https://service.centrapay.com) and that this machine can reach it (network, proxy, firewall), then run the pre-flight again.',
  };
}
