import { checkAddress, EMPTY_ADDRESS, type AddressDraft, type AddressField } from './address-draft.ts';
import { checkDraft, draftBrand, EMPTY_DRAFT, type CardDraft, type CardField, type FieldIssue } from './card-validation.ts';
import type { FieldError } from '@cim/shared';
import type { Translate } from './i18n/index.ts';
import type { Wallet } from './wallet.ts';

export type Phase = 'loading' | 'ready' | 'expired' | 'failed';

/** Everything the frame app shows. Card text lives here and in the inputs, nowhere else. */
export interface AppState {
  phase: Phase;
  wallet: Wallet | null;
  locale: string;
  hideButton: boolean;
  /** The element has sent `configure` (or there is no element): only then is the form shown as ready. */
  configured: boolean;
  /** A saved payment profile id, or "new". */
  cardChoice: string;
  addressChoice: string;
  draft: CardDraft;
  cardDefault: boolean;
  address: AddressDraft;
  addressDefault: boolean;
  /** Fields the shopper has left at least once; their errors show from then on. */
  touched: ReadonlySet<string>;
  submitted: boolean;
  busy: boolean;
  notice: { tone: 'error' | 'success'; text: string } | null;
  /** Vault mode: which add form is open. */
  vaultForm: 'card' | 'address' | null;
  /** The saved card or address whose removal the shopper is being asked to confirm. */
  confirmRemove: { kind: 'card' | 'address'; id: string } | null;
  /** Vault mode: the saved card whose expiry is being changed, and the expiry typed so far. */
  editExpiry: { id: string; value: string } | null;
}

export function initialState(country: string, locale: string): AppState {
  return {
    phase: 'loading', wallet: null, locale, hideButton: false, configured: false, cardChoice: 'new', addressChoice: 'new',
    draft: { ...EMPTY_DRAFT, country }, cardDefault: true, address: { ...EMPTY_ADDRESS, country }, addressDefault: false,
    touched: new Set(), submitted: false, busy: false, notice: null, vaultForm: null, confirmRemove: null, editExpiry: null,
  };
}

/** The default, else the first selectable entry, else "new": the preselection of a returning shopper. */
export function preselect(wallet: Wallet, current: { cardChoice: string; addressChoice: string }) {
  const cards = wallet.paymentProfiles.filter((p) => p.type === 'card' && !p.expired);
  const keepCard = cards.some((p) => p.id === current.cardChoice);
  const keepAddress = wallet.shippingAddresses.some((a) => a.id === current.addressChoice);
  const defaultCard = cards.find((p) => p.id === wallet.defaults.paymentProfileId) ?? cards[0];
  const defaultAddress = wallet.shippingAddresses.find((a) => a.id === wallet.defaults.shippingAddressId) ?? wallet.shippingAddresses[0];
  return {
    cardChoice: keepCard ? current.cardChoice : (defaultCard?.id ?? 'new'),
    addressChoice: keepAddress ? current.addressChoice : (defaultAddress?.id ?? 'new'),
  };
}

export interface Issues {
  card: Partial<Record<CardField, FieldIssue>>;
  address: Partial<Record<AddressField, FieldIssue>>;
}

/** What still blocks a submit, for the parts of the form that are in use. */
export function currentIssues(s: AppState): Issues {
  const session = s.wallet?.session;
  const vault = session?.mode === 'vault';
  const cardOpen = vault ? s.vaultForm === 'card' : s.cardChoice === 'new';
  const addressOpen = vault ? s.vaultForm === 'address' : Boolean(session?.collectShipping) && s.addressChoice === 'new';
  return {
    card: cardOpen ? checkDraft(s.draft, session?.billingAddress === 'full') : {},
    address: addressOpen ? checkAddress(s.address) : {},
  };
}

/** Issues the shopper should see now: on fields they have left, or all of them after a submit. */
export function visibleErrors(s: AppState, issues: Issues, t: Translate) {
  const pick = <F extends string>(all: Partial<Record<F, FieldIssue>>, prefix: string) => {
    const shown: Partial<Record<F, string>> = {};
    for (const [name, issue] of Object.entries(all) as Array<[F, FieldIssue]>) {
      if (s.submitted || s.touched.has(prefix + name)) shown[name] = t(issue.key);
    }
    return shown;
  };
  return { card: pick(issues.card, ''), address: pick(issues.address, 'ship-') };
}

/** The `change` payload: never a digit of the card, only whether it is complete and which brand it looks like. */
export function changeSummary(s: AppState, issues: Issues, t: Translate) {
  const saved = s.cardChoice !== 'new' ? s.wallet?.paymentProfiles.find((p) => p.id === s.cardChoice) : undefined;
  const brand = saved?.card?.brand ?? (s.cardChoice === 'new' ? draftBrand(s.draft) : undefined);
  const errors: FieldError[] = [];
  for (const [fields, prefix] of [[issues.card, ''], [issues.address, 'ship-']] as const) {
    for (const [field, issue] of Object.entries(fields) as Array<[string, FieldIssue]>) {
      if (s.submitted || s.touched.has(prefix + field)) errors.push({ field: prefix + field, code: issue.code, message: t(issue.key) });
    }
  }
  const d = s.draft;
  return {
    complete: Object.keys(issues.card).length === 0 && Object.keys(issues.address).length === 0,
    empty: s.cardChoice === 'new' && !d.name && !d.number && !d.expiry && !d.cvc,
    ...(brand && brand !== 'unknown' ? { brand } : {}),
    errors,
  };
}
