// A kiosk's credential: made from the staff code and the kiosk's lane, so it opens that one kiosk lane and nothing
// else, and the kiosk never keeps the staff code itself. Changing KIOSK_STAFF_CODE un-pairs every kiosk. It is keyed
// with the till's own secret (kept in its journal), so a token read off a kiosk cannot be used to guess the staff code
// offline: a short code would fall to a search of every code against one HMAC keyed by the code alone.
import { createHmac } from 'node:crypto';

export function kioskToken(secret: Buffer, staffCode: string, lane: string): string {
  return createHmac('sha256', secret).update(`centrapay-pos kiosk\n${lane}\n${staffCode}`).digest('base64url');
}
