import { en } from './en';
import type { CatalogueEnum, MessageKey, Messages } from './message-keys';
import { zhCN } from './zh-cn';

export type { CatalogueEnum, MessageKey, Messages };

/** The languages LotGraph speaks to people in. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export const MESSAGES: Record<Locale, Messages> = { en, 'zh-CN': zhCN };

/** The text of a key in a language, with each `{name}` replaced by its parameter. */
export function message(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  return MESSAGES[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The label of an enum value (`LotStatus`, `ON_HOLD`); a value the catalogue does not know yet is shown as it is. */
export function enumMessage(locale: Locale, enumName: CatalogueEnum, value: string): string {
  const key = `enum.${enumName}.${value}`;
  return key in MESSAGES[locale] ? MESSAGES[locale][key as MessageKey] : value;
}

/** A language tag as people write it (`zh`, `zh-cn`, `zh-Hans-CN`, `en-GB`) as one of ours, or undefined. */
export function parseLocale(tag: string): Locale | undefined {
  const lower = tag.trim().toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return undefined;
}

/** The language an Accept-Language header prefers among ours (by q-value, then order); English otherwise. */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { locale: parseLocale(tag), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry): entry is { locale: Locale; q: number; index: number } => entry.locale !== undefined && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.locale ?? 'en';
}
