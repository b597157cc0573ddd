import { assertRange, fetchPage, notFound, type Connection } from '@lotgraph/server';
import type { QualityExceptionRepository } from './quality-exception.repository';
import type { ExceptionStatus, QualityExceptionEntity, Severity } from './quality-exception.entity';
import type { RuleKind } from '../rule/rule-kind';

export interface ExceptionFilter {
  status?: ExceptionStatus[] | null;
  severity?: Severity[] | null;
  equipmentCode?: string | null;
  overdue?: boolean | null;
  ruleKind?: RuleKind[] | null;
  numbers?: string[] | null;
  detectedFrom?: Date | null;
  detectedTo?: Date | null;
}

export class QualityExceptionService {
  constructor(private readonly exceptions: QualityExceptionRepository) {}

  async getByNumber(number: string): Promise<QualityExceptionEntity> {
    const exception = await this.exceptions.findByNumber(number);
    if (!exception) throw notFound('QualityException', 'number', number);
    return exception;
  }

  list(filter: ExceptionFilter | null | undefined, first?: number | null, after?: string | null): Promise<Connection<QualityExceptionEntity>> {
    assertRange('ExceptionFilter', ['detectedFrom', 'detectedTo'], filter?.detectedFrom, filter?.detectedTo);
    return fetchPage(
      first,
      after,
      ({ afterKey, limit }) =>
        this.exceptions.findPage({
          statuses: filter?.status ?? undefined,
          severities: filter?.severity ?? undefined,
          equipmentCode: filter?.equipmentCode?.trim() || undefined,
          overdue: typeof filter?.overdue === 'boolean' ? { is: filter.overdue, at: new Date() } : undefined,
          ruleKinds: filter?.ruleKind ?? undefined,
          numbers: filter?.numbers ? filter.numbers.map((number) => number.trim()) : undefined,
          detectedFrom: filter?.detectedFrom ?? undefined,
          detectedTo: filter?.detectedTo ?? undefined,
          afterNumber: afterKey,
          limit,
        }),
      (exception) => exception.number,
    );
  }
}
