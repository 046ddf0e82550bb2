import { css } from 'lit';
import { FORM } from '../form-metrics.ts';

/**
 * The frame's look. Merchant values arrive as --cim-* custom properties on :root (already
 * shape-checked); everything else derives from them so a dark background keeps its contrast.
 * Heights, gaps and text sizes come from FORM (form-metrics.ts), which the loader's skeleton
 * draws with too: change them there, and the placeholder follows.
 */
export default css`
  html,
  body {
    margin: 0;
    background: transparent;
  }
  cim-frame-app {
    --primary: var(--cim-color-primary, #0570de);
    --text: var(--cim-color-text, #30313d);
    --bg: var(--cim-color-background, #ffffff);
    --danger: var(--cim-color-danger, #df1b41);
    --radius: var(--cim-radius, 6px);
    --gap: var(--cim-spacing, 12px);
    --muted: color-mix(in srgb, var(--text) 78%, var(--bg));
    --border: color-mix(in srgb, var(--text) 16%, var(--bg));
    --field-bg: var(--bg);
    --ring: 0 0 0 3px color-mix(in srgb, var(--primary) 24%, transparent);
    --shadow: 0 1px 1px rgb(0 0 0 / 0.03), 0 3px 6px rgb(0 0 0 / 0.02);
    display: block;
    /* Room for focus rings at the edges: the iframe clips anything outside its box. */
    padding: ${FORM.edge}px;
    color: var(--text);
    font-family: var(--cim-font-family, -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Ubuntu, sans-serif);
    font-size: var(--cim-font-size, 15px);
    line-height: ${FORM.lineHeight};
    -webkit-font-smoothing: antialiased;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  form {
    display: grid;
    gap: calc(var(--gap) * ${FORM.sectionGap});
  }
  .section,
  .card-fields,
  .address-fields,
  .reveal {
    display: grid;
    gap: var(--gap);
  }
  .reveal {
    animation: reveal 160ms ease-out;
  }
  @keyframes reveal {
    from {
      opacity: 0;
      transform: translateY(-4px);
    }
  }
  .section-title,
  legend {
    margin: 0 0 ${FORM.titleGap}px;
    padding: 0;
    font-size: 1em;
    font-weight: 600;
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  .group {
    display: grid;
    gap: var(--gap);
  }
  .row {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: var(--gap);
    align-items: start;
  }
  @media (max-width: 340px) {
    .row {
      grid-template-columns: 1fr;
    }
  }
  .field {
    display: grid;
    gap: ${FORM.fieldGap}px;
    min-width: 0;
  }
  label {
    font-size: ${FORM.label}em;
    font-weight: 500;
  }
  .box {
    position: relative;
  }
  /* :where() keeps this base rule at one element's weight, so :focus-visible and .invalid win. */
  input:where(:not([type='radio'], [type='checkbox'])),
  select {
    width: 100%;
    min-height: ${FORM.field}px;
    margin: 0;
    padding: ${FORM.fieldPadY}px 12px;
    border: 1px solid var(--border);
    border-radius: var(--radius);
    background: var(--field-bg);
    color: var(--text);
    font: inherit;
    font-size: max(${FORM.inputText}px, 1em);
    box-shadow: var(--shadow);
    outline: 2px solid transparent;
    transition: border-color 120ms, box-shadow 120ms;
  }
  select {
    appearance: none;
    padding-right: 36px;
    background-image: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='12' height='8'%3E%3Cpath d='M1 1.5 6 6.5l5-5' fill='none' stroke='%236d6e78' stroke-width='1.6'/%3E%3C/svg%3E");
    background-repeat: no-repeat;
    background-position: right 14px center;
  }
  input::placeholder {
    color: color-mix(in srgb, var(--text) 42%, var(--bg));
  }
  #number {
    padding-right: 56px;
    font-variant-numeric: tabular-nums;
  }
  input:focus-visible,
  select:focus-visible {
    border-color: var(--primary);
    box-shadow: var(--ring), var(--shadow);
  }
  .invalid input,
  .invalid select {
    border-color: var(--danger);
    box-shadow: 0 0 0 1px var(--danger), var(--shadow);
  }
  .invalid input:focus-visible {
    box-shadow: 0 0 0 1px var(--danger), 0 0 0 4px color-mix(in srgb, var(--danger) 20%, transparent);
  }
  .trailing {
    position: absolute;
    inset: 0 12px 0 auto;
    display: flex;
    align-items: center;
    pointer-events: none;
  }
  .brand-mark {
    flex: none;
    display: block;
    border-radius: 3px;
  }
  .error,
  .hint {
    display: flex;
    gap: 6px;
    align-items: center;
    margin: 0;
    font-size: ${FORM.hint}em;
  }
  .error {
    color: var(--danger);
  }
  .error svg {
    flex: none;
  }
  .hint {
    color: var(--muted);
  }
  .check {
    display: flex;
    gap: 10px;
    align-items: center;
    font-weight: 400;
    cursor: pointer;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: ${FORM.checkbox}px;
    height: ${FORM.checkbox}px;
    margin: 0;
    flex: none;
    accent-color: var(--primary);
  }
  .choices {
    display: grid;
    gap: ${FORM.choiceGap}px;
  }
  .choice {
    display: flex;
    align-items: center;
    border: 1px solid var(--border);
    border-radius: var(--radius);
    background: var(--field-bg);
    box-shadow: var(--shadow);
    transition: border-color 120ms, box-shadow 120ms;
  }
  .choice.selected {
    border-color: var(--primary);
    box-shadow: 0 0 0 1px var(--primary), var(--shadow);
  }
  .choice:has(input:focus-visible) {
    box-shadow: 0 0 0 1px var(--primary), var(--ring);
  }
  .choice.disabled {
    background: color-mix(in srgb, var(--text) 4%, var(--bg));
  }
  /* Expired cards stay legible (the badge says why they can't be picked); only the mark fades. */
  .choice.disabled .brand-mark {
    opacity: 0.5;
  }
  .choice.disabled .choice-title {
    color: var(--muted);
  }
  .choice-label {
    flex: 1;
    display: flex;
    gap: 12px;
    align-items: center;
    min-height: ${FORM.choice}px;
    padding: ${FORM.choicePadY}px 14px;
    font-size: 1em;
    font-weight: 400;
    cursor: pointer;
    min-width: 0;
  }
  .disabled .choice-label {
    cursor: not-allowed;
  }
  .choice-text {
    flex: 1;
    display: grid;
    min-width: 0;
  }
  .choice-title {
    font-weight: 500;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  /* Laid out right to left and wrapping, so when the row is too narrow the brand's name (its mark
     still shows it) is what moves to the hidden second line, never the last four. */
  .choice-title:has(.last4) {
    display: flex;
    flex-flow: row-reverse wrap;
    justify-content: flex-end;
    gap: 0 0.3em;
    height: 1.4em;
  }
  .dots {
    letter-spacing: 1px;
  }
  .choice-detail {
    color: var(--muted);
    font-size: ${FORM.detail}em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .add-mark {
    color: var(--muted);
  }
  .badge {
    flex: none;
    padding: 2px 8px;
    border-radius: 999px;
    background: color-mix(in srgb, var(--primary) 10%, var(--bg));
    color: color-mix(in srgb, var(--primary) 75%, var(--text));
    font-size: 0.78em;
    font-weight: 600;
  }
  .badge-muted {
    background: color-mix(in srgb, var(--text) 8%, var(--bg));
    color: var(--muted);
  }
  button {
    font: inherit;
    cursor: pointer;
    outline: 2px solid transparent;
  }
  button:focus-visible {
    box-shadow: var(--ring);
  }
  .primary {
    display: inline-flex;
    gap: 8px;
    align-items: center;
    justify-content: center;
    min-height: ${FORM.button}px;
    padding: 0 20px;
    border: 0;
    border-radius: var(--radius);
    background: var(--primary);
    color: #fff;
    font-weight: 600;
    box-shadow: 0 1px 2px rgb(0 0 0 / 0.12), inset 0 -1px 0 rgb(0 0 0 / 0.08);
    transition: filter 120ms;
  }
  .primary:hover {
    filter: brightness(0.94);
  }
  .primary[disabled] {
    cursor: progress;
    opacity: 0.75;
  }
  .pay {
    width: 100%;
  }
  .primary.danger {
    min-height: 40px;
    background: var(--danger);
  }
  .choice {
    flex-wrap: wrap;
  }
  /* The removal question opens under its entry, full width, so it is read right after it. */
  .confirm {
    flex-basis: 100%;
    display: grid;
    gap: 8px;
    padding: 10px 14px 12px;
    border-top: 1px solid var(--border);
  }
  .confirm p {
    margin: 0;
    font-weight: 500;
  }
  .confirm .secondary {
    min-height: 40px;
  }
  .secondary,
  .add {
    min-height: ${FORM.button}px;
    padding: 0 16px;
    border: 1px solid var(--border);
    border-radius: var(--radius);
    background: var(--field-bg);
    color: var(--text);
    font-weight: 500;
  }
  .add {
    display: flex;
    gap: 12px;
    align-items: center;
    border-style: dashed;
    color: var(--primary);
    padding: 0 14px;
  }
  .actions {
    display: flex;
    gap: 8px;
  }
  .link {
    display: grid;
    place-items: center;
    width: 44px;
    height: 44px;
    margin-right: 4px;
    border: 0;
    border-radius: var(--radius);
    background: none;
    color: var(--muted);
  }
  .link:hover {
    color: var(--danger);
    background: color-mix(in srgb, var(--danger) 8%, var(--bg));
  }
  /* Vault mode: a saved card's own line of text buttons, under its expiry, as wide as their words. */
  .tools {
    flex-basis: 100%;
    flex-wrap: wrap;
    gap: 0 4px;
    margin-top: -${FORM.choicePadY}px;
    padding: 0 4px 0 48px;
  }
  .tools .link {
    width: auto;
    height: ${FORM.tools}px;
    margin: 0;
    padding: 0 10px;
    /* As the badge: the primary colour, a touch darker, so it reads at 4.5:1 on an expired card's grey too. */
    color: color-mix(in srgb, var(--primary) 75%, var(--text));
    font-size: ${FORM.detail}em;
    font-weight: 500;
    white-space: nowrap;
  }
  .tools .link:hover {
    color: color-mix(in srgb, var(--primary) 75%, var(--text));
    background: color-mix(in srgb, var(--primary) 8%, var(--bg));
  }
  /* The new expiry asked in place of the tools: label above, the field taking what the buttons leave. */
  .edit-expiry {
    flex-basis: 100%;
    flex-wrap: wrap;
    align-items: center;
    padding: 0 14px 12px;
  }
  .edit-expiry label {
    flex-basis: 100%;
  }
  .edit-expiry input {
    flex: 1 1 7em;
    min-width: 0;
  }
  .spinner {
    width: 16px;
    height: 16px;
    border: 2px solid rgb(255 255 255 / 0.4);
    border-top-color: #fff;
    border-radius: 50%;
    animation: spin 0.7s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  .notice {
    display: flex;
    gap: 10px;
    align-items: flex-start;
    margin: 0;
    padding: 12px 14px;
    border-radius: var(--radius);
    border: 1px solid;
  }
  .notice svg {
    flex: none;
    margin-top: 2px;
  }
  .notice.error {
    color: var(--danger);
    border-color: color-mix(in srgb, var(--danger) 35%, var(--bg));
    background: color-mix(in srgb, var(--danger) 6%, var(--bg));
  }
  .notice.success {
    color: #0e6245;
    border-color: #a7e3c8;
    background: #effaf5;
  }
  .secured,
  .loading,
  .empty {
    margin: 0;
    color: var(--muted);
    font-size: ${FORM.small}em;
  }
  .secured {
    display: flex;
    gap: 6px;
    align-items: center;
    justify-content: center;
  }
  .empty {
    font-size: ${FORM.label}em;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
`;
