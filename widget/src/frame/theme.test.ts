import { expect } from '@open-wc/testing';
import { applyTheme, sanitizeTheme } from './theme.ts';

describe('theme allow-list', () => {
  it('keeps values of the right shape', () => {
    const theme = {
      '--cim-color-primary': '#635bff', '--cim-color-text': 'rgb(48, 49, 61)', '--cim-color-background': 'white', '--cim-color-danger': 'hsl(350 80% 50%)',
      '--cim-font-family': '"Inter", system-ui, sans-serif', '--cim-font-size': '15px', '--cim-radius': '0', '--cim-spacing': '0.75rem',
    } as const;
    expect(sanitizeTheme(theme)).to.deep.equal(theme);
  });

  it('drops anything that could load, inject or break out', () => {
    expect(
      sanitizeTheme({
        '--cim-color-primary': 'url(https://evil.example/x.png)', '--cim-color-text': 'red; background: url(x)', '--cim-font-family': 'x) ; @import "y"',
        '--cim-font-size': 'calc(100vw)', '--cim-radius': 'expression(alert(1))', '--cim-color-background': 'var(--x)',
      }),
    ).to.deep.equal({});
  });

  it('sets and clears the properties on the root', () => {
    const root = document.createElement('div');
    applyTheme({ '--cim-radius': '12px' }, root);
    expect(root.style.getPropertyValue('--cim-radius')).to.equal('12px');
    applyTheme({}, root);
    expect(root.style.getPropertyValue('--cim-radius')).to.equal('');
  });
});
