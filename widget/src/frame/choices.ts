import { html, nothing, type TemplateResult } from 'lit';

export interface Choice {
  id: string;
  /** The accessible name: "Visa ending in 1111", "Ada Lovelace, 1 Main St". */
  title: string;
  /** What sighted shoppers read in place of the title ("•••• 1111"); the title still labels the row. */
  display?: TemplateResult | string;
  detail?: string;
  badge?: string;
  mark?: TemplateResult;
  /** Shown but not selectable (an expired card), with the reason written out. */
  disabled?: boolean;
  removeLabel?: string;
  /** Set while the shopper is asked whether to remove this entry: the question and its two answers. */
  confirm?: { question: string; yes: string; no: string };
  /** Vault mode: what can be done to the entry besides removing it (make default, new expiry). */
  tools?: TemplateResult;
}

export interface ChoiceGroup {
  /** Radio group name, also the `data-kind` of remove buttons: "card" or "address". */
  name: 'card' | 'address';
  legend: string;
  choices: Choice[];
  /** null renders a plain list (vault mode), a string the selected radio. */
  selected: string | null;
  /** The last option, e.g. "Use a new card" (value "new"). */
  addLabel?: string;
  addMark?: TemplateResult;
}

function row(g: ChoiceGroup, c: Choice) {
  const selectable = g.selected !== null;
  const body = html`${c.mark ?? nothing}
    <span class="choice-text">
      <span class="choice-title" aria-hidden=${c.display ? 'true' : 'false'}>${c.display ?? c.title}</span>
      ${c.display ? html`<span class="sr-only">${c.title}</span>` : nothing}
      ${c.detail ? html`<span class="choice-detail">${c.detail}</span>` : nothing}
    </span>
    ${c.badge ? html`<span class="badge ${c.disabled ? 'badge-muted' : ''}">${c.badge}</span>` : nothing}`;
  return html`<div class="choice ${g.selected === c.id ? 'selected' : ''} ${c.disabled ? 'disabled' : ''}">
    ${selectable
      ? html`<label class="choice-label"><input type="radio" name=${g.name} value=${c.id} .checked=${g.selected === c.id} ?disabled=${c.disabled ?? false} />${body}</label>`
      : html`<div class="choice-label">${body}</div>`}
    ${c.removeLabel
      ? html`<button type="button" class="link remove" data-kind=${g.name} data-remove=${c.id} data-item=${c.title} aria-label=${c.removeLabel}>
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M3 4.5h10M6.5 4.5V3h3v1.5M5 4.5l.6 8.5h4.8l.6-8.5" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round"/></svg>
        </button>`
      : nothing}
    ${c.tools ?? nothing}
    ${c.confirm ? confirmRemoval(g, c, c.confirm) : nothing}
  </div>`;
}

/** Asked in place, under the entry: a labelled group whose safe answer gets the focus (app.ts). */
function confirmRemoval(g: ChoiceGroup, c: Choice, text: NonNullable<Choice['confirm']>) {
  const id = `confirm-${g.name}-${c.id}`;
  return html`<div class="confirm" role="group" aria-labelledby=${id}>
    <p id=${id}>${text.question}</p>
    <div class="actions">
      <button type="button" class="primary danger" data-action="confirm-remove">${text.yes}</button>
      <button type="button" class="secondary" data-action="keep">${text.no}</button>
    </div>
  </div>`;
}

/** Saved cards or addresses: a radio group in checkout, a list in vault mode. Native radios give arrow-key navigation. */
export function choiceGroup(g: ChoiceGroup) {
  const add =
    g.addLabel && g.selected !== null
      ? html`<div class="choice ${g.selected === 'new' ? 'selected' : ''}">
          <label class="choice-label"><input type="radio" name=${g.name} value="new" .checked=${g.selected === 'new'} />${g.addMark ?? nothing}<span class="choice-text"><span class="choice-title">${g.addLabel}</span></span></label>
        </div>`
      : nothing;
  return html`<fieldset class="choices">
    <legend class="section-title">${g.legend}</legend>
    ${g.choices.map((c) => row(g, c))} ${add}
  </fieldset>`;
}
