// Wrong staff codes, counted per device: after a few, that device is refused for a while, even with the right code
// (otherwise guessing could go on behind the refusals).
import { GatewayHttpError } from '../errors';

export class WrongCodes {
  private readonly attempts = new Map<string, { count: number; since: number; lockedUntil: number }>();

  constructor(
    private readonly maxAttempts: number,
    private readonly lockoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  refuseIfLocked(device: string): void {
    const entry = this.attempts.get(device);
    const now = this.now();
    if (!entry || entry.lockedUntil <= now) return;
    throw new GatewayHttpError(429, 'TOO_MANY_ATTEMPTS', `Too many wrong staff codes from this device. Try again in ${Math.ceil((entry.lockedUntil - now) / 60_000)} minutes.`);
  }

  count(device: string): void {
    const now = this.now();
    for (const [other, entry] of this.attempts) if (entry.since + this.lockoutMs <= now && entry.lockedUntil <= now) this.attempts.delete(other);
    const entry = this.attempts.get(device) ?? { count: 0, since: now, lockedUntil: 0 };
    entry.count += 1;
    if (entry.count >= this.maxAttempts) entry.lockedUntil = now + this.lockoutMs;
    this.attempts.set(device, entry);
  }
}
