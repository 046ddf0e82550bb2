/**
 * The checkout form's vertical metrics: the one source for the frame's styles
 * (frame/app.styles.ts) and the loader's skeleton (skeleton.ts, cim-checkout.styles.ts), so the
 * placeholder a page shows while the frame loads is as tall as the form that replaces it.
 * Lengths in px; text sizes are factors of the base size (`--cim-font-size`); gaps between
 * fields and sections follow `--cim-spacing`.
 */
export const FORM = {
  /** Room around the form for focus rings (the iframe clips anything outside its box). */
  edge: 3,
  lineHeight: 1.4,
  /** Between sections, as a multiple of --cim-spacing. */
  sectionGap: 1.5,
  /** Under a section title or legend. */
  titleGap: 2,
  /** Between a label and its box, and a box and its hint. */
  fieldGap: 4,
  /** Text inputs and selects: at least this tall, text at least `inputText` px. */
  field: 44,
  fieldPadY: 10,
  inputText: 16,
  /** Saved cards and addresses: rows this far apart, at least this tall. */
  choiceGap: 8,
  choice: 52,
  choicePadY: 10,
  /**
   * Vault mode: the line of buttons under each saved card ("Make default", "Update expiry"), a
   * touch target tall; it reaches up into the row's bottom padding, so a card row grows by
   * `tools - choicePadY`.
   */
  tools: 44,
  button: 46,
  checkbox: 18,
  /** Text sizes, times the base size. */
  label: 0.9,
  hint: 0.85,
  detail: 0.875,
  small: 0.8,
} as const;
