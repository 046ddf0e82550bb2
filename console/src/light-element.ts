import { LitElement } from 'lit';

/**
 * The console's elements render into the page's document, not a shadow root: one stylesheet
 * (console.css) styles everything and labels, landmarks and headings form one tree for
 * screen readers and for axe.
 */
export class LightElement extends LitElement {
  protected override createRenderRoot() {
    return this;
  }
}
