import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';

export interface FieldOptions {
  id: string;
  label: string;
  value: string;
  autocomplete: string;
  /** Shown under the field only while it has no error. */
  hint?: string | undefined;
  error?: string | undefined;
  inputmode?: 'numeric' | 'text' | 'tel' | undefined;
  placeholder?: string | undefined;
  maxlength?: number | undefined;
  required?: boolean | undefined;
  /** Inside the box, after the input (the brand mark of the number field). */
  trailing?: TemplateResult | undefined;
}

const describedBy = (o: { id: string; error?: string | undefined; hint?: string | undefined }) =>
  o.error ? `${o.id}-error` : o.hint ? `${o.id}-hint` : undefined;

/** The message under a field. The icon and words mark an error, not the colour alone. */
function message(o: { id: string; error?: string | undefined; hint?: string | undefined }) {
  if (o.error) {
    return html`<p class="error" id="${o.id}-error"><svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><circle cx="8" cy="8" r="7" fill="currentColor"/><path d="M8 4.2v4.6M8 11.2v.6" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/></svg>${o.error}</p>`;
  }
  return o.hint ? html`<p class="hint" id="${o.id}-hint">${o.hint}</p>` : nothing;
}

/** A labelled text input whose error is tied to it by aria-describedby. Events bubble to the form. */
export function field(o: FieldOptions) {
  return html`<div class="field ${o.error ? 'invalid' : ''}">
    <label for=${o.id}>${o.label}</label>
    <div class="box">
      <input id=${o.id} name=${o.id} data-field=${o.id} type=${o.inputmode === 'tel' ? 'tel' : 'text'} .value=${live(o.value)}
        autocomplete=${o.autocomplete} inputmode=${ifDefined(o.inputmode)} placeholder=${ifDefined(o.placeholder)}
        maxlength=${ifDefined(o.maxlength)} ?required=${o.required ?? false} spellcheck="false" autocorrect="off"
        aria-invalid=${o.error ? 'true' : 'false'} aria-describedby=${ifDefined(describedBy(o))} />
      ${o.trailing ?? nothing}
    </div>
    ${message(o)}
  </div>`;
}

export interface SelectOptions {
  id: string;
  label: string;
  value: string;
  autocomplete: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  error?: string | undefined;
}

export function selectField(o: SelectOptions) {
  return html`<div class="field ${o.error ? 'invalid' : ''}">
    <label for=${o.id}>${o.label}</label>
    <div class="box select">
      <select id=${o.id} name=${o.id} data-field=${o.id} autocomplete=${o.autocomplete} .value=${live(o.value)}
        aria-invalid=${o.error ? 'true' : 'false'} aria-describedby=${ifDefined(describedBy(o))}>
        ${o.options.map((opt) => html`<option value=${opt.value} ?selected=${opt.value === o.value}>${opt.label}</option>`)}
      </select>
    </div>
    ${message(o)}
  </div>`;
}

export function checkbox(o: { id: string; label: string; checked: boolean }) {
  return html`<label class="check"><input type="checkbox" id=${o.id} data-field=${o.id} .checked=${live(o.checked)} /><span>${o.label}</span></label>`;
}
