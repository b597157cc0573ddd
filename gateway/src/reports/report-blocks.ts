import type { MessageKey } from '@lotgraph/schema';
import type { Block, Cell, Field, Provenance, ReportDocument, Section, Styled, Tone } from './report-document';
import { DASH, type ReportFormat } from './report-format';
import { missingPart, type Part } from './report-parts';
import type { AuditEntryData, SignatureData } from './report-fragments';

/** A section under the catalogue's heading `key`. */
export function section(format: ReportFormat, key: MessageKey, blocks: Block[]): Section {
  return { heading: format.t(key), blocks };
}

/** The blocks of a part: what `build` makes of its value, or the sentence saying why it is missing. */
export function fromPart<T>(format: ReportFormat, part: Part<T>, build: (value: T) => Block[]): Block[] {
  if (part.ok) return build(part.value);
  const { text, tone } = missingCell(format, part);
  return [{ kind: 'notice', text, tone }];
}

/** A table cell in place of a part that could not be shown: the same sentence and tone as `fromPart`'s notice. */
export function missingCell(format: ReportFormat, part: { forbidden: boolean; reason: string }): Styled & { tone: Tone } {
  return { text: missingPart(format, part), tone: part.forbidden ? 'warn' : 'bad' };
}

/** A table of the rows, or "None recorded." when there are none. */
export function tableOrNone<T>(format: ReportFormat, columns: string[], items: readonly T[], row: (item: T) => Cell[], widths?: number[]): Block[] {
  if (!items.length) return [{ kind: 'notice', text: format.t('report.none'), tone: 'muted' }];
  return [{ kind: 'table', columns, rows: items.map(row), widths }];
}

export function fields(list: Array<Field | false | null | undefined>): Block {
  return { kind: 'fields', fields: list.filter((field): field is Field => Boolean(field)) };
}

/** The e-signature manifestations (21 CFR 11.50): printed name, date and time with zone, meaning, still valid. */
export function signaturesSection(format: ReportFormat, part: Part<SignatureData[]>): Section {
  return section(
    format,
    'report.section.signatures',
    fromPart(format, part, (signatures) =>
      tableOrNone(
        format,
        [format.field('printedName'), format.field('roles'), format.t('label.signedAt'), format.t('label.meaning'), format.t('label.validity'), format.t('label.reason')],
        signatures,
        (s) => [
          { text: format.person(s.printedName, s.signerId), strong: true },
          s.signerRoles.join(', '),
          format.dateTime(s.signedAt),
          format.enumLabel('SignatureMeaning', s.meaning),
          { text: format.enumLabel('SignatureValidity', s.valid ? 'VALID' : 'INVALID'), tone: s.valid ? 'good' : 'bad' },
          format.text(s.reason),
        ],
        [22, 14, 20, 12, 14, 18],
      ),
    ),
  );
}

/** What changed in one audit entry: each field's dictionary label with its old → new value. */
function changesOf(format: ReportFormat, entry: AuditEntryData): string {
  const chinese = format.locale === 'zh-CN';
  return entry.changes
    .map((change) => `${format.fieldOr(change.field, chinese ? change.labelZh : change.label)}: ${format.text(change.old)} → ${format.text(change.new)}`)
    .join('\n');
}

/** The record's audit trail as the graph gives it (`history`): who, when, what action, what changed, why. */
export function auditSection(format: ReportFormat, part: Part<AuditEntryData[]>): Section {
  return section(
    format,
    'report.section.audit',
    fromPart(format, part, (entries) =>
      tableOrNone(
        format,
        [format.t('label.entry'), format.t('label.at'), format.t('label.by'), format.t('label.action'), format.t('label.changes'), format.t('label.reason')],
        entries,
        (entry) => [
          `${entry.chain} #${entry.seq}`,
          format.dateTime(entry.recordedAt),
          format.person(entry.actor.name, entry.actor.id),
          entry.action,
          changesOf(format, entry) || DASH,
          format.text(entry.reason),
        ],
        [9, 17, 16, 12, 30, 16],
      ),
    ),
  );
}

/** A report in its language: title, the record it is about, who made it from what, and its sections. */
export function reportDocument(format: ReportFormat, title: string, subject: string, provenance: Provenance, sections: Section[]): ReportDocument {
  return {
    lang: format.locale,
    title,
    subject,
    provenance,
    labels: {
      provenance: format.t('report.provenance'),
      generatedAt: format.t('report.generatedAt'),
      generatedBy: format.t('report.generatedBy'),
      source: format.t('report.source'),
      dataSha256: format.t('report.dataSha256'),
      timeZone: format.t('report.timeZone'),
      hashNote: format.t('report.hashNote'),
      page: format.t('report.page'),
    },
    sections,
  };
}
