import { decodeCursor, notFound, pageSize, toConnection, type Connection } from '@lotgraph/server';
import type { QualityExceptionRepository } from './quality-exception.repository';
import type { ExceptionStatus, QualityExceptionEntity, Severity } from './quality-exception.entity';

export interface ExceptionFilter {
  status?: ExceptionStatus[] | null;
  severity?: Severity[] | null;
}

export class QualityExceptionService {
  constructor(private readonly exceptions: QualityExceptionRepository) {}

  async getByNumber(number: string): Promise<QualityExceptionEntity> {
    const exception = await this.exceptions.findByNumber(number);
    if (!exception) throw notFound('QualityException', 'number', number);
    return exception;
  }

  async list(filter: ExceptionFilter | null | undefined, first?: number | null, after?: string | null): Promise<Connection<QualityExceptionEntity>> {
    const size = pageSize(first);
    const { rows, total } = await this.exceptions.findPage({
      statuses: filter?.status ?? undefined,
      severities: filter?.severity ?? undefined,
      afterNumber: after ? decodeCursor(after) : undefined,
      limit: size + 1,
    });
    return toConnection(rows, size, (exception) => exception.number, total);
  }
}
