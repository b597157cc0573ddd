import { LOCALES, MESSAGES, enumMessage, message, negotiateLocale, parseLocale } from '../src';

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

describe('the message catalogue', () => {
  const keys = [...new Set(LOCALES.flatMap((locale) => Object.keys(MESSAGES[locale])))].sort();

  it.each(LOCALES)('has every key in %s, none of them empty', (locale) => {
    const missing = keys.filter((key) => !(MESSAGES[locale] as Record<string, string | undefined>)[key]?.trim());
    expect(missing).toEqual([]);
  });

  it('gives each language the same parameters for a key', () => {
    const differing = keys.filter((key) => {
      const [first, ...others] = LOCALES.map((locale) => placeholders((MESSAGES[locale] as Record<string, string>)[key] ?? ''));
      return others.some((other) => other.join() !== first.join());
    });
    expect(differing).toEqual([]);
  });

  it('writes the Chinese texts in Chinese, but for the few that are only a pattern or a name', () => {
    const languageNeutral = ['capaReport.target', 'report.person', 'label.capa'];
    const notChinese = Object.entries(MESSAGES['zh-CN']).filter(([key, text]) => !/[\u3400-\u9fff]/.test(text) && !languageNeutral.includes(key));
    expect(notChinese.map(([key]) => key)).toEqual([]);
  });

  it('fills parameters, and shows an enum value it does not know as it is', () => {
    expect(message('en', 'report.page', { page: 2, pages: 5 })).toBe('Page 2 of 5');
    expect(message('zh-CN', 'report.page', { page: 2, pages: 5 })).toBe('第 2 页，共 5 页');
    expect(enumMessage('zh-CN', 'LotStatus', 'ON_HOLD')).toBe('冻结');
    expect(enumMessage('en', 'LotStatus', 'SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });

  it('understands language tags and Accept-Language headers', () => {
    expect(parseLocale('zh-Hans-CN')).toBe('zh-CN');
    expect(parseLocale('EN-gb')).toBe('en');
    expect(parseLocale('fr')).toBeUndefined();
    expect(negotiateLocale('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(negotiateLocale('fr-FR, en;q=0.5, zh;q=0.7')).toBe('zh-CN');
    expect(negotiateLocale('de, fr')).toBe('en');
    expect(negotiateLocale(undefined)).toBe('en');
    expect(negotiateLocale('zh;q=0, en')).toBe('en');
  });
});
