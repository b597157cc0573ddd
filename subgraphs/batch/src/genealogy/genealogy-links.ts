export interface ActualLine {
  lotId: string;
  quantity: number;
  uom: string;
}

export interface DerivedLink {
  parentLotId: string;
  childLotId: string;
  segmentId: string;
  quantity: number;
  uom: string;
}

/**
 * The genealogy a segment yields: every consumed lot is linked to every produced lot, and when a segment
 * produced several lots the consumed quantity is shared among them in proportion to what each produced.
 */
export function genealogyLinksFor(segmentId: string, consumed: ActualLine[], produced: ActualLine[]): DerivedLink[] {
  const totalProduced = produced.reduce((sum, line) => sum + line.quantity, 0);
  const links: DerivedLink[] = [];
  for (const input of consumed) {
    for (const output of produced) {
      const share = totalProduced > 0 ? output.quantity / totalProduced : 1 / produced.length;
      links.push({
        parentLotId: input.lotId,
        childLotId: output.lotId,
        segmentId,
        quantity: Math.round(input.quantity * share * 1e6) / 1e6,
        uom: input.uom,
      });
    }
  }
  return links;
}
