import { describe, expect, it } from 'vitest';
import { chooseDisplayLane } from './display-lane';

const LANES = [{ id: 'front' }, { id: 'drive' }];

describe('the lane a display shows', () => {
  it('is the one in the address, even one the till does not have (which the display then explains)', () => {
    expect(chooseDisplayLane('drive', 'front', LANES)).toBe('drive');
    expect(chooseDisplayLane('nope', 'front', LANES)).toBe('nope');
  });

  it('else the one it was set up for, while the till still has it', () => {
    expect(chooseDisplayLane(undefined, 'drive', LANES)).toBe('drive');
    expect(chooseDisplayLane(undefined, 'gone', LANES)).toBeNull();
  });

  it('else the till’s only lane; with several and none remembered, none (the display asks to be set up)', () => {
    expect(chooseDisplayLane(undefined, null, [{ id: 'default' }])).toBe('default');
    expect(chooseDisplayLane(undefined, 'gone', [{ id: 'default' }])).toBe('default');
    expect(chooseDisplayLane(undefined, null, LANES)).toBeNull();
  });
});
