import { FORM } from './form-metrics.ts';

// The frame's own base size, spacing and line height (frame/app.styles.ts), read from the same
// --cim-* properties the page themes the frame with.
const FONT = 'var(--cim-font-size, 15px)';
const GAP = 'var(--cim-spacing, 12px)';
const line = (factor: number) => `calc(${FONT} * ${factor * FORM.lineHeight})`;

/**
 * The element's own shadow styles: a plain string, since the loader carries no Lit. The skeleton
 * draws the rows the frame will show first (skeleton.ts), each as tall as the real one, from the
 * metrics the frame is styled with (form-metrics.ts): the page does not jump when the form appears.
 */
export default `
:host {
  display: block;
  position: relative;
  min-width: 240px;
}
:host([hidden]) {
  display: none;
}
.wrap {
  position: relative;
  container-type: inline-size;
}
iframe {
  display: block;
  position: absolute;
  top: 0;
  left: 0;
  width: 100%;
  height: 100%;
  border: 0;
  opacity: 0;
  color-scheme: normal;
}
.ready iframe {
  position: static;
  opacity: 1;
  transition: opacity 120ms ease-out;
}
.ready .skeleton,
.failed .skeleton,
.failed iframe {
  display: none;
}
.failure {
  display: none;
  margin: 3px;
  padding: 12px 14px;
  border: 1px solid color-mix(in srgb, var(--cim-color-danger, #df1b41) 35%, transparent);
  border-radius: var(--cim-radius, 6px);
  color: var(--cim-color-danger, #df1b41);
  font: 14px/1.4 var(--cim-font-family, system-ui, sans-serif);
}
.failed .failure {
  display: block;
}
.skeleton,
.skeleton div {
  display: grid;
  gap: var(--k);
  align-content: start;
}
.skeleton {
  --k: calc(${GAP} * ${FORM.sectionGap});
  padding: ${FORM.edge}px;
  pointer-events: none;
}
.g,
.r {
  --k: ${GAP};
}
.c {
  --k: ${FORM.choiceGap}px;
}
.r {
  grid-template-columns: 1fr 1fr;
  align-items: start;
}
@container (max-width: 340px) {
  .r {
    grid-template-columns: 1fr;
  }
}
:where(.skeleton i),
.f::before,
.f::after {
  content: '';
  display: block;
  box-sizing: border-box;
  border-radius: 4px;
  background: color-mix(in srgb, var(--cim-color-text, #30313d) 8%, transparent);
  animation: pulse 1.2s ease-in-out infinite alternate;
}
/* Lines of text: a bar in the middle of the line's height. */
.t,
.k,
.s,
.e,
.f::before {
  padding-block: 3px;
  background-clip: content-box;
}
.t {
  height: ${line(1)};
  width: 40%;
  margin-bottom: ${FORM.titleGap}px;
}
.l {
  margin-bottom: calc(${FORM.titleGap}px - var(--k));
}
.f {
  display: grid;
  gap: ${FORM.fieldGap}px;
  background: none;
  animation: none;
}
.f::before {
  height: ${line(FORM.label)};
  width: 45%;
}
.f::after {
  height: max(${FORM.field}px, calc(max(${FORM.inputText}px, ${FONT}) * ${FORM.lineHeight} + ${2 * FORM.fieldPadY + 2}px));
  border-radius: var(--cim-radius, 6px);
}
.h {
  padding-bottom: calc(${FORM.fieldGap}px + ${line(FORM.hint)});
}
.o,
.n {
  border-radius: var(--cim-radius, 6px);
}
.o {
  height: calc(max(${FORM.choice}px, ${line(1 + FORM.detail)} + ${2 * FORM.choicePadY}px) + 2px);
}
/* A saved card in vault mode, with its line of buttons (frame/app.styles.ts, .tools). */
.o.v {
  height: calc(max(${FORM.choice}px, ${line(1 + FORM.detail)} + ${2 * FORM.choicePadY}px) + ${2 + FORM.tools - FORM.choicePadY}px);
}
.n {
  height: calc(max(${FORM.choice}px, ${line(1)} + ${2 * FORM.choicePadY}px) + 2px);
}
.k {
  height: max(${FORM.checkbox}px, ${line(FORM.label)});
  width: 50%;
}
.e {
  height: ${line(FORM.label)};
  width: 35%;
}
.b {
  height: ${FORM.button}px;
  border-radius: var(--cim-radius, 6px);
}
.s {
  height: ${line(FORM.small)};
  width: 60%;
  justify-self: center;
}
@keyframes pulse {
  to {
    opacity: 0.45;
  }
}
@media (prefers-reduced-motion: reduce) {
  :where(.skeleton i),
  .f::before,
  .f::after {
    animation: none;
  }
}
`;
