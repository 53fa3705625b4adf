// Which PostgreSQL answers are the journal's failures (the database, not the data), and which are bugs left as they are.
import { describe, expect, it } from 'vitest';
import { failureOf } from './failure-of';

const withCode = (code: string) => Object.assign(new Error(code), { code });

describe('a PostgreSQL error, as the journal’s failure', () => {
  it.each([
    ['53100', 'full'], ['25006', 'read-only'], ['55P03', 'busy'], ['40001', 'busy'], ['40P01', 'busy'], ['53300', 'busy'],
    ['08006', 'unreachable'], ['08001', 'unreachable'], ['57P01', 'unreachable'], ['57P03', 'unreachable'], ['ECONNREFUSED', 'unreachable'],
    ['58030', 'failed'],
  ])('%s is %s', (code, failure) => {
    expect(failureOf(withCode(code))).toBe(failure);
  });

  it('a lost connection in node-postgres’s own words, and a refused name with several addresses, are out of reach', () => {
    expect(failureOf(new Error('Connection terminated unexpectedly'))).toBe('unreachable');
    expect(failureOf(new Error('timeout exceeded when trying to connect'))).toBe('unreachable');
    expect(failureOf(new Error('Query read timeout'))).toBe('unreachable');
    expect(failureOf(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]))).toBe('unreachable');
  });

  it('a bug is not hidden: a syntax error, a missing table, a broken constraint, anything else', () => {
    for (const code of ['42601', '42P01', '23505', '22P02']) expect(failureOf(withCode(code))).toBeNull();
    expect(failureOf(new TypeError('x is undefined'))).toBeNull();
  });
});
