// Display pairing codes, kept in memory: they live ten minutes, so a restart only means pressing Add a display again.
import { randomInt } from 'node:crypto';
import { DISPLAY_CODE_ALPHABET, DISPLAY_CODE_LENGTH } from '../../../domain/display-code';

export const DISPLAY_CODE_TTL_MS = 10 * 60_000;
/** A cashier screen cannot fill the server's memory by pressing Add a display in a loop: the oldest codes go first. */
const MAX_LIVE_CODES = 1_000;

interface Entry {
  lane: string;
  expiresAt: number;
}

export class DisplayCodes {
  private readonly codes = new Map<string, Entry>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = DISPLAY_CODE_TTL_MS,
  ) {}

  issue(lane: string): { code: string; expiresAt: number } {
    this.prune();
    let code: string;
    do code = randomCode(); while (this.codes.has(code));
    const expiresAt = this.now() + this.ttlMs;
    this.codes.set(code, { lane, expiresAt });
    // Map keeps insertion order, so the first key is the oldest code.
    while (this.codes.size > MAX_LIVE_CODES) this.codes.delete(this.codes.keys().next().value!);
    return { code, expiresAt };
  }

  /** The lane a code opens, or undefined when there is no such code or it has expired. */
  resolve(code: string): string | undefined {
    const entry = this.codes.get(code);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.codes.delete(code);
      return undefined;
    }
    return entry.lane;
  }

  private prune(): void {
    const now = this.now();
    for (const [code, entry] of this.codes) if (entry.expiresAt <= now) this.codes.delete(code);
  }
}

function randomCode(): string {
  let code = '';
  for (let i = 0; i < DISPLAY_CODE_LENGTH; i++) code += DISPLAY_CODE_ALPHABET[randomInt(DISPLAY_CODE_ALPHABET.length)];
  return code;
}
