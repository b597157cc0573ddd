import { assertQuantity, badInput } from '@lotgraph/server';
import { requiredText } from '../inventory/input-checks';

export interface ConsumedLine {
  lotNumber: string;
  quantity: number;
  uom: string;
}

export interface ProducedLine extends ConsumedLine {
  manufacturedOn?: string | null;
  expiresOn?: string | null;
  storageLocation?: string | null;
  serialNumbers?: string[] | null;
}

/**
 * Checks a report's lines on their own, before any database work: quantities, blank or repeated lot numbers,
 * a lot both consumed and produced, repeated serial numbers. Errors name the line (consumed[1].quantity).
 */
export function checkedLines(record: string, consumed: ConsumedLine[], produced: ProducedLine[]): { consumed: ConsumedLine[]; produced: ProducedLine[] } {
  if (produced.length === 0) throw badInput(record, 'produced', 'a production report must produce at least one lot');
  const seen = new Map<string, string>();
  const check = <T extends ConsumedLine>(lines: T[], side: 'consumed' | 'produced'): T[] =>
    lines.map((line, i) => {
      const field = `${side}[${i}]`;
      const lotNumber = requiredText(record, `${field}.lotNumber`, line.lotNumber);
      assertQuantity(record, `${field}.quantity`, line.quantity);
      const earlier = seen.get(lotNumber);
      if (earlier) {
        const reason = earlier.startsWith(side) ? `lot ${lotNumber} is listed twice (also ${earlier})` : `lot ${lotNumber} cannot be both consumed and produced: that would be a genealogy cycle`;
        throw badInput(record, `${field}.lotNumber`, reason);
      }
      seen.set(lotNumber, field);
      return { ...line, lotNumber };
    });
  const checkedProduced = check(produced, 'produced');
  const checkedConsumed = check(consumed, 'consumed');
  const serials = new Set<string>();
  for (const [i, line] of checkedProduced.entries()) {
    line.serialNumbers = line.serialNumbers?.map((serial) => serial.trim());
    for (const serial of line.serialNumbers ?? []) {
      if (!serial) throw badInput(record, `produced[${i}].serialNumbers`, 'a serial number must not be empty');
      if (serials.has(serial)) throw badInput(record, `produced[${i}].serialNumbers`, `serial number ${serial} is listed twice`);
      serials.add(serial);
    }
    if (line.serialNumbers?.length && line.serialNumbers.length > line.quantity) {
      throw badInput(record, `produced[${i}].serialNumbers`, `${line.serialNumbers.length} serial numbers for ${line.quantity} units`);
    }
  }
  return { consumed: checkedConsumed, produced: checkedProduced };
}
