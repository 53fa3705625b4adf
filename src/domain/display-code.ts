// Display pairing codes: a cashier screen asks for one for its lane, and a tablet that opens `/pair/{code}` (by
// scanning the QR code, or typed in at `/pair`) becomes that lane's display. Short-lived and short enough to type:
// six characters from an alphabet without the look-alikes 0/O and 1/I.
import { z } from 'zod/mini';

export const DISPLAY_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const DISPLAY_CODE_LENGTH = 6;
export const DISPLAY_CODE_PATTERN = new RegExp(`^[${DISPLAY_CODE_ALPHABET}]{${DISPLAY_CODE_LENGTH}}$`);

/** People type codes in any case, with spaces or a dash between the halves; only the characters are the code. */
export function normaliseDisplayCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

/** How a code is shown to be read out and typed: two groups of three (`K7Q-Z2M`). */
export function formatDisplayCode(code: string): string {
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/** A code given to a cashier screen: the lane it opens, until when, and the address the tablet opens. */
export const displayCodeSchema = z.object({
  code: z.string().check(z.regex(DISPLAY_CODE_PATTERN)),
  lane: z.string(),
  expiresAt: z.string(),
  url: z.string(),
});
export type DisplayCode = z.infer<typeof displayCodeSchema>;

/** What resolving a code answers: the lane the display is for. */
export const displayCodeLaneSchema = z.object({ lane: z.string() });
