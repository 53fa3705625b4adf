// Every money flow the run drives, and the variants of each that a run must reach at least once (CI's 60-operation
// run fails when one was never driven). The dealer hands them out: first a shuffled deck holding each required
// variant (dealt again until it was really reached), then draws at random by weight among what is possible now.
import type { Random } from './random';

export const FLOWS = ['sale', 'refund', 'void', 'tab', 'pump', 'vend'] as const;
export type Flow = (typeof FLOWS)[number];

/** Each flow's variants, with the weight a random draw gives them. */
export const VARIANTS = {
  // A sale's own plan (cashier.ts) decides QR or Connect, the patron, the counter, part payments and the races.
  sale: { qr: 1, connect: 1 },
  // Refunds from the history of a finished paid sale.
  refund: { whole: 30, lines: 30, 'lines-then-rest': 10, 'two-screens': 15, 'same-key-twice': 15 },
  // Voids of a finished paid sale, within the void window.
  void: { void: 60, 'two-screens': 20, 'void-vs-refund': 20 },
  // A bar tab on the lane.
  tab: { rounds: 40, 'round-race': 15, 'drawn-down': 10, 'over-authorised': 10, void: 10, 'never-approved': 7, 'cancel-vs-authorise': 8 },
  // A pump's authorisation at an unattended machine.
  pump: { finish: 55, 'finish-twice': 15, 'nothing-dispensed': 10, 'full-amount': 10, declined: 10 },
  // A vend at an unattended machine.
  vend: { vended: 40, jam: 20, timeout: 20, 'late-confirm': 10, unpaid: 10 },
} as const satisfies Record<Flow, Record<string, number>>;

export type Variant<F extends Flow = Flow> = Extract<keyof (typeof VARIANTS)[F], string>;

/** How a random draw shares operations out between the flows (a sale being the commonest). */
export const FLOW_WEIGHTS: Record<Flow, number> = { sale: 44, refund: 14, void: 6, tab: 12, pump: 8, vend: 16 };

/** What each run must reach: every flow the brief names, in the forms it names. */
export const REQUIRED: readonly { flow: Flow; variant: string }[] = [
  { flow: 'sale', variant: 'qr' },
  { flow: 'sale', variant: 'connect' },
  { flow: 'refund', variant: 'whole' },
  { flow: 'refund', variant: 'lines' },
  { flow: 'refund', variant: 'two-screens' },
  { flow: 'refund', variant: 'same-key-twice' },
  { flow: 'void', variant: 'void' },
  { flow: 'tab', variant: 'rounds' },
  { flow: 'tab', variant: 'void' },
  { flow: 'pump', variant: 'finish' },
  { flow: 'vend', variant: 'vended' },
  { flow: 'vend', variant: 'jam' },
  { flow: 'vend', variant: 'timeout' },
];

export const label = (flow: Flow, variant: string): string => `${flow}:${variant}`;

export interface Operation {
  flow: Flow;
  variant: string;
}

/**
 * Deals the run's operations. `next(possible)` gives the first required variant still to reach whose flow is
 * possible now, else a random draw among the possible flows. `reached` marks a variant driven to its point (a
 * refund pressed and answered, a vend paid and left unconfirmed…); one dealt but not reached is dealt again.
 */
export class OperationDealer {
  private readonly deck: Operation[];
  private readonly reachedSet = new Set<string>();

  constructor(private readonly random: Random) {
    this.deck = random.shuffle(REQUIRED.map(({ flow, variant }) => ({ flow, variant })));
  }

  next(possible: (flow: Flow) => boolean): Operation {
    const index = this.deck.findIndex((operation) => possible(operation.flow));
    if (index >= 0) {
      return this.deck.splice(index, 1)[0]!;
    }
    const flows = Object.fromEntries(Object.entries(FLOW_WEIGHTS).filter(([flow]) => possible(flow as Flow))) as Partial<Record<Flow, number>>;
    const flow = Object.keys(flows).length > 0 ? this.random.weighted(flows as Record<Flow, number>) : 'sale';
    return { flow, variant: this.random.weighted(VARIANTS[flow] as Record<string, number>) };
  }

  /** The operation came to its point (or not): a required variant not reached goes back into the deck. */
  done(operation: Operation, reached: boolean): void {
    const key = label(operation.flow, operation.variant);
    if (reached) {
      this.reachedSet.add(key);
      return;
    }
    const required = REQUIRED.some((item) => label(item.flow, item.variant) === key);
    if (required && !this.reachedSet.has(key) && !this.deck.some((item) => label(item.flow, item.variant) === key)) this.deck.push(operation);
  }

  /** Required variants not reached (yet). */
  missing(): string[] {
    return REQUIRED.map((item) => label(item.flow, item.variant)).filter((key) => !this.reachedSet.has(key));
  }

  /** Required variants still waiting to be dealt. */
  get pending(): number {
    return this.deck.length;
  }
}
