import { describe, expect, it } from 'vitest';
import { brandCssVariables, normalizeHex, readableForeground } from './branding';

describe('normalizeHex', () => {
  it('expands short hex and lower-cases', () => {
    expect(normalizeHex('#ABC')).toBe('#aabbcc');
    expect(normalizeHex(' #4F46E5 ')).toBe('#4f46e5');
  });

  it('rejects anything that is not a hex colour', () => {
    expect(normalizeHex('red')).toBeNull();
    expect(normalizeHex('#12345')).toBeNull();
    expect(normalizeHex('#fff; background:url(x)')).toBeNull();
  });
});

describe('readableForeground', () => {
  it('puts white text on dark colours and dark text on light ones', () => {
    expect(readableForeground('#4f46e5')).toBe('#ffffff');
    expect(readableForeground('#000000')).toBe('#ffffff');
    expect(readableForeground('#fde047')).toBe('#0f172a');
    expect(readableForeground('#ffffff')).toBe('#0f172a');
  });
});

describe('brandCssVariables', () => {
  it('uses the client colour when it is a hex colour', () => {
    expect(brandCssVariables({ primaryColor: '#FACC15' })).toEqual({
      '--brand': '#facc15',
      '--brand-fg': '#0f172a',
    });
  });

  it('falls back to the product colour for unsafe or unknown values', () => {
    expect(brandCssVariables({ primaryColor: 'expression(alert(1))' })['--brand']).toBe('#4f46e5');
  });
});
