import { canonicalField, enumMessage, message, type CatalogueEnum, type Locale, type MessageKey } from '@lotgraph/schema';

export const DASH = '—';

/** Texts, labels, dates and numbers of one report, in its language and time zone. */
export interface ReportFormat {
  locale: Locale;
  timeZone: string;
  /** A text of the message catalogue. */
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** A field's label from the field dictionary. */
  field(name: string): string;
  /** The dictionary's label of a field the data names (an audit entry's change), else the label it came with. */
  fieldOr(name: string, fallback: string): string;
  enumLabel(enumName: CatalogueEnum, value: string | null | undefined): string;
  /** An instant (ISO-8601) as date, time and UTC offset in the report's time zone. */
  dateTime(iso: string | null | undefined): string;
  /** A calendar date (YYYY-MM-DD), which has no time zone. */
  date(ymd: string | null | undefined): string;
  number(value: number | null | undefined): string;
  quantity(value: number | null | undefined, uom: string | null | undefined): string;
  /** A person as printed name and user id; the id alone when the name is not known. */
  person(name: string | null | undefined, id: string): string;
  /** The value, or a dash for nothing. */
  text(value: string | null | undefined): string;
}

/** Whether the runtime knows the IANA time zone (`Asia/Shanghai`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function reportFormat(locale: Locale, timeZone: string): ReportFormat {
  const dayFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone });
  const calendarFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const timeFormat = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone });
  const offsetFormat = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' });
  const numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
  const t = (key: MessageKey, params?: Record<string, string | number>) => message(locale, key, params);
  const language = locale === 'zh-CN' ? 'zh' : 'en';
  const number = (value: number | null | undefined) => (value === null || value === undefined ? DASH : numberFormat.format(value));
  return {
    locale,
    timeZone,
    t,
    field(name) {
      const definition = canonicalField(name);
      if (!definition || definition.name !== name) throw new Error(`The field dictionary has no field "${name}"`);
      return definition.label[language];
    },
    fieldOr: (name, fallback) => canonicalField(name)?.label[language] ?? fallback,
    enumLabel: (enumName, value) => (value ? enumMessage(locale, enumName, value) : DASH),
    dateTime(iso) {
      if (!iso) return DASH;
      const instant = new Date(iso);
      if (Number.isNaN(instant.getTime())) return iso;
      const offset = offsetFormat.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? '';
      return `${dayFormat.format(instant)} ${timeFormat.format(instant)} ${offset.replace(/^GMT/, 'UTC')}`;
    },
    date(ymd) {
      if (!ymd) return DASH;
      const day = new Date(`${ymd}T00:00:00Z`);
      return Number.isNaN(day.getTime()) ? ymd : calendarFormat.format(day);
    },
    number,
    quantity: (value, uom) => (value === null || value === undefined ? DASH : `${number(value)} ${uom ?? ''}`.trim()),
    person: (name, id) => (name && name !== id ? t('report.person', { name, id }) : id),
    text: (value) => (value === null || value === undefined || value === '' ? DASH : value),
  };
}
