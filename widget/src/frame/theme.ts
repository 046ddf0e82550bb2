import type { Theme, ThemeProperty } from '@cim/shared';

// The merchant's values arrive from another origin, so each is matched against the shape its
// property may take; anything else (url(), expressions, `;` smuggling) is dropped, not escaped.
const COLOR = /^(?:#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})|(?:rgba?|hsla?|oklch|oklab|lab|lch)\(\s*[0-9.,%\s/+-]*(?:deg)?[0-9.,%\s/+-]*\)|[a-z]{3,20})$/i;
const LENGTH = /^(?:0|[0-9]{1,3}(?:\.[0-9]{1,3})?(?:px|rem|em))$/;
const FONT_FAMILY = /^[a-z0-9 ,"'-]{1,200}$/i;

const SHAPES: Record<ThemeProperty, RegExp> = {
  '--cim-color-primary': COLOR,
  '--cim-color-text': COLOR,
  '--cim-color-background': COLOR,
  '--cim-color-danger': COLOR,
  '--cim-font-family': FONT_FAMILY,
  '--cim-font-size': LENGTH,
  '--cim-radius': LENGTH,
  '--cim-spacing': LENGTH,
};

/** The subset of `theme` whose values have an allowed shape. */
export function sanitizeTheme(theme: Theme): Theme {
  const safe: Theme = {};
  for (const [property, value] of Object.entries(theme) as Array<[ThemeProperty, string | undefined]>) {
    const trimmed = value?.trim();
    if (trimmed && SHAPES[property]?.test(trimmed)) safe[property] = trimmed;
  }
  return safe;
}

/** Sets the allowed values on the root element, and removes the ones no longer given. */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  const safe = sanitizeTheme(theme);
  for (const property of Object.keys(SHAPES) as ThemeProperty[]) {
    const value = safe[property];
    if (value) root.style.setProperty(property, value);
    else root.style.removeProperty(property);
  }
}
