/**
 * The element's own shadow styles: a plain string, since the loader carries no Lit. The skeleton
 * holds the form's usual height while the frame loads, so the page does not jump.
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
  height: var(--cim-skeleton-height, 330px);
}
.wrap.ready {
  height: auto;
}
iframe {
  display: block;
  width: 100%;
  height: 100%;
  border: 0;
  opacity: 0;
  color-scheme: normal;
}
.ready iframe {
  opacity: 1;
  transition: opacity 120ms ease-out;
}
.skeleton {
  position: absolute;
  inset: 3px;
  display: grid;
  grid-template-columns: 1fr 1fr;
  gap: 10px 12px;
  align-content: start;
  pointer-events: none;
}
.ready .skeleton,
.failed .skeleton,
.failed iframe {
  display: none;
}
.failed {
  height: auto;
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
.skeleton span {
  height: 14px;
  width: 40%;
  margin-top: 8px;
  border-radius: 4px;
  background: color-mix(in srgb, var(--cim-color-text, #30313d) 8%, transparent);
  grid-column: span 2;
  animation: pulse 1.2s ease-in-out infinite alternate;
}
.skeleton span.box {
  width: auto;
  height: 44px;
  margin-top: 0;
  border-radius: var(--cim-radius, 6px);
}
.skeleton span.half {
  grid-column: span 1;
}
@keyframes pulse {
  to {
    opacity: 0.45;
  }
}
@media (prefers-reduced-motion: reduce) {
  .skeleton span {
    animation: none;
  }
}
`;
