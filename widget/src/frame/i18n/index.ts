import en, { type Messages } from './en.ts';

export type { Messages };
export type MessageKey = keyof Messages;
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

// English ships in the frame's script; the others are fetched when asked for, so a shopper
// downloads one language, not four.
const OTHERS: Record<string, () => Promise<{ default: Messages }>> = {
  fr: () => import('./fr.ts'),
  de: () => import('./de.ts'),
  es: () => import('./es.ts'),
};
export const LOCALES = ['en', ...Object.keys(OTHERS)];

/** The best supported language for a BCP 47 tag ("fr-CA" → "fr"), English otherwise. */
export function resolveLocale(tag: string | undefined): string {
  const language = (tag ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return LOCALES.includes(language) ? language : 'en';
}

function translate(messages: Messages): Translate {
  return (key, values) => messages[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? ''));
}

export const english: Translate = translate(en);

export async function loadTranslator(locale: string): Promise<Translate> {
  const load = OTHERS[resolveLocale(locale)];
  return load ? translate((await load()).default) : english;
}
