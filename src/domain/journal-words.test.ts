import { describe, expect, it } from 'vitest';
import { actorWords, eventWords, operatorWords, resultWords } from './journal-words';

describe('who did it, in words', () => {
  it('names a cashier by their operator id as a name', () => {
    expect(actorWords('cashier:cashier-1')).toBe('Cashier 1');
    expect(actorWords('cashier:op-7')).toBe('Op 7');
    expect(actorWords('cashier:anna')).toBe('Anna');
    expect(actorWords('op-7')).toBe('Op 7');
    expect(actorWords('cashier')).toBe('the cashier');
    expect(operatorWords('front_till.2')).toBe('Front till 2');
    expect(operatorWords('--')).toBe('the cashier');
  });

  it('says the till, Centrapay, the customer and the machines in words', () => {
    expect(['system', 'system:timeout', 'system:status-unknown', 'gateway'].map(actorWords)).toEqual(['the till', 'the till', 'the till', 'the till']);
    expect(actorWords('centrapay')).toBe('Centrapay');
    expect(actorWords('patron')).toBe('the customer');
    expect(actorWords('kiosk-patron')).toBe('the customer');
    expect(actorWords('machine:vending-1')).toBe('the machine');
    expect(actorWords('pump:released')).toBe('the pump');
    for (const actor of ['cashier:cashier-1', 'system:late-create', 'machine:pump-1']) expect(actorWords(actor)).not.toContain(':');
  });
});

describe('what happened, in words', () => {
  it('says a status Centrapay reported as the status itself', () => {
    expect(eventWords({ kind: 'status', status: 'paid' })).toBe('Paid');
    expect(eventWords({ kind: 'status', status: 'new' })).toBe('Not paid yet');
    expect(eventWords({ kind: 'status', status: 'expired' })).toBe('Expired');
  });

  it('says a refund’s state in words, never "refund accepted pending"', () => {
    expect(eventWords({ kind: 'refund-accepted', status: 'pending' })).toBe('Refund accepted by Centrapay, still being processed');
    expect(eventWords({ kind: 'refund-completed', status: 'completed' })).toBe('Refund completed');
    expect(eventWords({ kind: 'refund-refused', status: 'failed' })).toBe('Refund refused');
    expect(eventWords({ kind: 'voided', status: 'completed' })).toBe('Voided');
  });

  it('says the cashier’s presses in words, and any other event as a sentence of its name', () => {
    expect(eventWords({ kind: 'pay-pressed', status: null })).toBe('Pay pressed (QR code)');
    expect(eventWords({ kind: 'part-at-counter', status: null })).toBe('Part paid at the counter');
    expect(eventWords({ kind: 'condition-accepted', status: null })).toBe('Condition accepted');
    expect(eventWords({ kind: 'hold-authorised', status: 'paid' })).toBe('Hold authorised');
  });

  it('says how a sale ended', () => {
    expect(resultWords('paid')).toBe('Paid');
    expect(resultWords('unknown')).toBe('Unknown: check in Centrapay');
    expect(resultWords('something-new')).toBe('Something-new');
  });
});
