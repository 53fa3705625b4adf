import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AttractScreen } from './attract-screen';
import { BrandBar } from './brand-bar';
import { ThanksScreen } from './thanks-screen';

describe('BrandBar', () => {
  it('shows the merchant’s name, and its logo hidden until it has loaded', () => {
    const html = renderToStaticMarkup(<BrandBar merchantName="Kōwhai Kitchen" logoUrl="/logo.png" />);
    expect(html).toContain('<p class="brand-name">Kōwhai Kitchen</p>');
    expect(html).toMatch(/<img class="brand-logo" src="\/logo.png" alt="" data-state="loading"\/>/);
  });

  it('shows nothing at all without a name or a logo (a real Centrapay with neither set)', () => {
    expect(renderToStaticMarkup(<BrandBar merchantName={null} logoUrl={null} />)).toBe('');
    expect(renderToStaticMarkup(<BrandBar merchantName="Kōwhai Kitchen" logoUrl={null} />)).not.toContain('<img');
  });
});

describe('AttractScreen', () => {
  it('with no slides, is a plain welcome with where to pay and the time', () => {
    const minute = Date.parse('2026-11-24T10:07:00Z');
    const html = renderToStaticMarkup(<AttractScreen slides={[]} minute={minute} />);
    expect(html).toContain('class="attract attract-plain"');
    expect(html).toContain('<h1>Welcome</h1>');
    expect(html).toContain('Pay with Centrapay here');
    expect(html).toContain('dateTime="2026-11-24T10:07:00.000Z"');
    expect(html).not.toContain('<img');
  });
});

describe('ThanksScreen', () => {
  it('thanks the patron by the merchant’s name, or plainly without one', () => {
    expect(renderToStaticMarkup(<ThanksScreen merchantName="Sandbox Café" />)).toContain('Thank you for shopping with Sandbox Café');
    expect(renderToStaticMarkup(<ThanksScreen merchantName={null} />)).toContain('Thank you for shopping with us');
  });
});
