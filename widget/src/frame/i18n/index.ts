import de from './de.ts';
import en, { type Messages } from './en.ts';
import es from './es.ts';
import fr from './fr.ts';

export type { Messages };
export type MessageKey = keyof Messages;
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const CATALOGS: Record<string, Messages> = { en, fr, de, es };
export const LOCALES = Object.keys(CATALOGS);

/** The best supported language for a BCP 47 tag ("fr-CA" → "fr"), English otherwise. */
export function resolveLocale(tag: string | undefined): string {
  const language = (tag ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return language in CATALOGS ? language : 'en';
}

export function translator(locale: string): Translate {
  const messages = CATALOGS[resolveLocale(locale)] ?? en;
  return (key, values) => messages[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? ''));
}
