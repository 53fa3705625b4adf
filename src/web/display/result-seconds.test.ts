import { describe, expect, it } from 'vitest';
import { resultSecondsFromLocation, withOwnResultSeconds } from './result-seconds';

describe('a display’s own result time (?resultSeconds=)', () => {
  it('is whole seconds from 1 to 600', () => {
    expect(resultSecondsFromLocation('?lane=front&resultSeconds=1')).toBe(1);
    expect(resultSecondsFromLocation('?resultSeconds=25&lane=front')).toBe(25);
    expect(resultSecondsFromLocation('?resultSeconds=600')).toBe(600);
  });

  it('is ignored (the till’s time applies) when absent, out of bounds or not a whole number', () => {
    for (const search of ['', '?lane=front', '?resultSeconds=', '?resultSeconds=0', '?resultSeconds=601', '?resultSeconds=99999', '?resultSeconds=-5', '?resultSeconds=2.5', '?resultSeconds=1e2', '?resultSeconds=ten', '?resultSeconds=0x10']) {
      expect(resultSecondsFromLocation(search), search).toBeNull();
    }
  });

  it('replaces the till’s time only when it is set', () => {
    const state = { lane: 'front', resultSeconds: 10 };
    expect(withOwnResultSeconds(state, '?resultSeconds=3')).toEqual({ lane: 'front', resultSeconds: 3 });
    expect(withOwnResultSeconds(state, '?resultSeconds=0')).toBe(state);
    expect(withOwnResultSeconds(state, '')).toBe(state);
  });
});
