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
    // In millionths (the stored precision); the last output takes the rounding remainder, so the links add up.
    const total = Math.round(input.quantity * 1e6);
    let given = 0;
    produced.forEach((output, i) => {
      const share = totalProduced > 0 ? output.quantity / totalProduced : 1 / produced.length;
      const micro = i === produced.length - 1 ? total - given : Math.round(total * share);
      given += micro;
      links.push({ parentLotId: input.lotId, childLotId: output.lotId, segmentId, quantity: micro / 1e6, uom: input.uom });
    });
  }
  return links;
}
