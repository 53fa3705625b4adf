import { describe, expect, it } from 'vitest';
import { tabStatusWords, tabTitle } from './tab-words';

describe('a tab in the cashier’s words', () => {
  it('is named by the name it was opened under', () => {
    expect(tabTitle({ kind: 'tab', label: 'Bar tab: Sam' })).toBe('Sam’s tab');
    expect(tabTitle({ kind: 'tab', label: 'Bar tab' })).toBe('Bar tab');
    expect(tabTitle({ kind: 'tab', label: undefined })).toBe('Bar tab');
    expect(tabTitle({ kind: 'pump', label: 'Fuel' })).toBe('Fuel');
  });

  it('says where it stands', () => {
    expect(tabStatusWords('pending')).toBe('Waiting for approval');
    expect(tabStatusWords('authorized')).toBe('Open');
    expect(tabStatusWords('released')).toBe('Closed');
    expect(tabStatusWords('expired')).toBe('Expired');
  });
});
