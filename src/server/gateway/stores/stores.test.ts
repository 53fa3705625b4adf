// Which store serves a lane or machine: its own; for one taken out of the configuration while it still had business
// with Centrapay, the store the journal has its rows under, while that store is still configured.
import { describe, expect, it } from 'vitest';
import { Stores, type Store } from './stores';

const store = (id: string, lanes: string[]): Store => ({
  id, name: id, centrapay: { apiKey: `key-${id}`, merchantAccountId: `account-${id}`, merchantId: `merchant-${id}` },
  lanes: lanes.map((lane) => ({ id: lane, name: lane, terminalId: `till-${lane}`, deviceId: `SN-${lane}`, configId: `config-${id}` })),
  machines: [], merchant: { name: id, gstNumber: null },
});

/** Store A (listed first) has lane a-1, store B lane b-1; b-2 was store B's and has been removed. */
function chain() {
  const warned: [string, string][] = [];
  const stores = new Stores([store('a', ['a-1']), store('b', ['b-1'])]);
  const learn = (journaled: { place: string; store: string }[]) => stores.learnRemoved(journaled, (place, gone) => warned.push([place, gone]));
  return { stores, learn, warned };
}

describe('the store serving a place', () => {
  it('is a configured place’s own, whatever the journal says', () => {
    const { stores, learn } = chain();
    learn([{ place: 'b-1', store: 'a' }]);
    expect(stores.serving('a-1').id).toBe('a');
    expect(stores.serving('b-1').id).toBe('b');
  });

  it('is, for a removed place, the store the journal has its rows under', () => {
    const { stores, learn, warned } = chain();
    learn([{ place: 'b-2', store: 'b' }, { place: 'b-vend', store: 'b' }]);
    expect(stores.serving('b-2').id).toBe('b');
    expect(stores.serving('b-vend').id).toBe('b');
    expect(stores.ofPlace('b-2')).toBeUndefined();
    expect(warned).toEqual([]);
  });

  it('is the first configured store among those a removed place was journaled under', () => {
    const { stores, learn, warned } = chain();
    learn([{ place: 'moved', store: 'b' }, { place: 'moved', store: 'c' }, { place: 'gone', store: 'c' }, { place: 'gone', store: 'b' }]);
    expect(stores.serving('moved').id).toBe('b');
    expect(stores.serving('gone').id).toBe('b');
    expect(warned).toEqual([]);
  });

  it('falls back to the first store for a removed place whose store is gone too, saying so once with the place and store', () => {
    const { stores, learn, warned } = chain();
    learn([{ place: 'c-1', store: 'c' }]);
    expect(warned).toEqual([]);
    expect(stores.serving('c-1').id).toBe('a');
    expect(stores.serving('c-1').id).toBe('a');
    expect(warned).toEqual([['c-1', 'c']]);
  });

  it('falls back to the first store, quietly, for a place the journal has no business of', () => {
    const { stores, learn, warned } = chain();
    learn([]);
    expect(stores.serving('nowhere').id).toBe('a');
    expect(warned).toEqual([]);
  });
});
