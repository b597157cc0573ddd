import { genealogyLinksFor } from '../src/genealogy/genealogy-links';

describe('genealogy links of a segment', () => {
  it('shares a consumed quantity among the produced lots so that the links add up to exactly what was consumed', () => {
    const links = genealogyLinksFor('s', [{ lotId: 'resin', quantity: 1, uom: 'kg' }], [
      { lotId: 'a', quantity: 1, uom: 'pcs' },
      { lotId: 'b', quantity: 1, uom: 'pcs' },
      { lotId: 'c', quantity: 1, uom: 'pcs' },
    ]);
    expect(links.map((l) => l.quantity)).toEqual([0.333333, 0.333333, 0.333334]);
    expect(Math.round(links.reduce((sum, l) => sum + l.quantity * 1e6, 0))).toBe(1e6);
  });

  it('links every consumed lot to every produced lot in proportion to what each produced', () => {
    const links = genealogyLinksFor('s', [{ lotId: 'r1', quantity: 90, uom: 'kg' }, { lotId: 'r2', quantity: 30, uom: 'kg' }], [
      { lotId: 'a', quantity: 2000, uom: 'pcs' },
      { lotId: 'b', quantity: 1000, uom: 'pcs' },
    ]);
    expect(links.map((l) => [l.parentLotId, l.childLotId, l.quantity])).toEqual([['r1', 'a', 60], ['r1', 'b', 30], ['r2', 'a', 20], ['r2', 'b', 10]]);
  });
});
