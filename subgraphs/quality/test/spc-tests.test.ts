import { SPC_TESTS, describeSignal, lookBack, signalAt, type SpcTest } from '../src/spc/nelson-tests';
import { conventionTests, defaultK, kProblem, testName } from '../src/spc/spc-conventions';

/** Each test on hand-made series around a centre line at 0 with σ 1 (so zone edges are at ±1, ±2, ±3). */
const line = { centre: 0, sigma: 1 };
/** Where in a series a test fires with its default K, and the evidence each time. */
const fired = (test: SpcTest, values: number[], k = defaultK(test, 'NELSON')) =>
  values.flatMap((_, i) => {
    const signal = signalAt(test, k, values, i, line);
    return signal ? [{ at: i, evidence: signal.evidence, side: signal.side, direction: signal.direction }] : [];
  });
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('the eight tests for special causes, on hand-made series', () => {
  it('test 1: one point more than 3σ from the centre line, either side; exactly 3σ is not more', () => {
    expect(fired('NELSON_1', [0.5, 3.2, -0.4, -3.01, 3])).toEqual([
      { at: 1, evidence: [1], side: 'above', direction: undefined },
      { at: 3, evidence: [3], side: 'below', direction: undefined },
    ]);
    expect(fired('NELSON_1', [2.6], 2.5)).toHaveLength(1);
  });

  it('test 2: 9 in a row on one side; a point on the centre line breaks the run', () => {
    const above = [0.2, 0.8, 0.1, 1.5, 0.4, 0.3, 2.1, 0.6, 0.2];
    expect(fired('NELSON_2', above)).toEqual([{ at: 8, evidence: upTo(9), side: 'above', direction: undefined }]);
    expect(fired('NELSON_2', [...above, 0.5])).toEqual([
      { at: 8, evidence: upTo(9), side: 'above', direction: undefined },
      { at: 9, evidence: upTo(10).slice(1), side: 'above', direction: undefined },
    ]);
    expect(fired('NELSON_2', above.map((v) => -v))[0]).toMatchObject({ at: 8, side: 'below' });
    expect(fired('NELSON_2', [0.2, 0.8, 0.1, 1.5, 0, 0.3, 2.1, 0.6, 0.2])).toEqual([]);
    expect(fired('NELSON_2', above.slice(0, 8))).toEqual([]);
  });

  it('test 3: 6 in a row all increasing or all decreasing; a repeated value breaks the trend', () => {
    expect(fired('NELSON_3', [-1, -0.5, 0, 0.2, 0.9, 1.4])).toEqual([{ at: 5, evidence: upTo(6), side: undefined, direction: 'increasing' }]);
    expect(fired('NELSON_3', [1.4, 0.9, 0.2, 0, -0.5, -1])).toEqual([{ at: 5, evidence: upTo(6), side: undefined, direction: 'decreasing' }]);
    expect(fired('NELSON_3', [-1, -0.5, 0, 0, 0.9, 1.4, 1.5])).toEqual([]);
    // It needs no centre line.
    expect(signalAt('NELSON_3', 6, [1, 2, 3, 4, 5, 6], 5, null)).not.toBeNull();
  });

  it('test 4: 14 in a row alternating up and down, whichever way it starts; two steps the same way break it', () => {
    const startingUp = upTo(14).map((i) => (i % 2 === 0 ? -0.3 : 0.4));
    const startingDown = upTo(14).map((i) => (i % 2 === 0 ? 0.9 : -0.8 + 0.05 * i));
    expect(fired('NELSON_4', startingUp)).toEqual([{ at: 13, evidence: upTo(14), side: undefined, direction: undefined }]);
    expect(fired('NELSON_4', startingDown)).toEqual([{ at: 13, evidence: upTo(14), side: undefined, direction: undefined }]);
    expect(fired('NELSON_4', [...startingUp.slice(0, 7), -0.5, ...startingUp.slice(8)])).toEqual([]);
    expect(fired('NELSON_4', startingUp.slice(0, 13))).toEqual([]);
  });

  it('test 5: 2 of 3 more than 2σ on the same side, completed by a point that is itself beyond', () => {
    expect(fired('NELSON_5', [0, 2.4, 0.3, 2.6, 0.1])).toEqual([{ at: 3, evidence: [1, 3], side: 'above', direction: undefined }]);
    expect(fired('NELSON_5', [0, -2.2, -2.5])).toEqual([{ at: 2, evidence: [1, 2], side: 'below', direction: undefined }]);
    // Beyond 2σ on opposite sides, or two apart by more than the window of three: no signal.
    expect(fired('NELSON_5', [2.4, 0, -2.4, 0, 0, 2.4])).toEqual([]);
    // Exactly 2σ is not more than 2σ.
    expect(fired('NELSON_5', [2, 2.5])).toEqual([]);
  });

  it('test 6: 4 of 5 more than 1σ on the same side', () => {
    expect(fired('NELSON_6', [0, 1.4, 1.6, 0.6, 1.3, 1.5, 0.2])).toEqual([{ at: 5, evidence: [1, 2, 4, 5], side: 'above', direction: undefined }]);
    expect(fired('NELSON_6', [0.1, -1.3, -1.5, -1.2, -1.4])).toEqual([{ at: 4, evidence: [1, 2, 3, 4], side: 'below', direction: undefined }]);
    expect(fired('NELSON_6', [1.4, 1.6, -1.2, 1.3, 0.5, 1.5])).toEqual([]);
  });

  it('test 7: 15 in a row within 1σ, either side; exactly 1σ counts as within, more does not', () => {
    const hugging = upTo(15).map((i) => [0.3, -0.2, 0.6, -1, 0.1][i % 5]);
    expect(fired('NELSON_7', hugging)).toEqual([{ at: 14, evidence: upTo(15), side: undefined, direction: undefined }]);
    expect(fired('NELSON_7', [...hugging.slice(0, 7), 1.01, ...hugging.slice(8)])).toEqual([]);
  });

  it('test 8: 8 in a row more than 1σ from the centre line, on either side', () => {
    const mixture = [1.5, -1.4, 1.2, -1.6, 1.3, 1.8, -1.1, -1.5];
    expect(fired('NELSON_8', mixture)).toEqual([{ at: 7, evidence: upTo(8), side: undefined, direction: undefined }]);
    expect(fired('NELSON_8', [...mixture.slice(0, 4), 0.9, ...mixture.slice(5)])).toEqual([]);
  });

  it('looks back at most its K points, and needs a centre line except for tests 3 and 4', () => {
    expect(SPC_TESTS.map((t) => lookBack(t, defaultK(t, 'NELSON')))).toEqual([0, 8, 5, 13, 2, 4, 14, 7]);
    for (const test of SPC_TESTS.filter((t) => t !== 'NELSON_3' && t !== 'NELSON_4')) expect(signalAt(test, defaultK(test, 'NELSON'), upTo(20).map(() => 5), 19, null)).toBeNull();
  });

  it('says what it found', () => {
    const values = [0, 2.4, 0.3, 2.6];
    const found = signalAt('NELSON_5', 2, values, 3, line)!;
    expect(describeSignal('NELSON_5', 2, found, values, line)).toBe('2 of the last 3 readings more than 2σ above the centre line 0 (σ 1)');
  });
});

describe('test names, defaults and conventions', () => {
  it('names each test by Nelson number with its K, or by the Western Electric rule it is', () => {
    expect(SPC_TESTS.map((t) => testName(t, defaultK(t, 'NELSON'), 'NELSON'))).toEqual([
      'Nelson 1: 1 point beyond 3σ',
      'Nelson 2: 9 in a row on one side',
      'Nelson 3: 6 in a row increasing or decreasing',
      'Nelson 4: 14 in a row alternating up and down',
      'Nelson 5: 2 of 3 beyond 2σ, same side',
      'Nelson 6: 4 of 5 beyond 1σ, same side',
      'Nelson 7: 15 in a row within 1σ',
      'Nelson 8: 8 in a row beyond 1σ, either side',
    ]);
    expect(conventionTests('WESTERN_ELECTRIC').map((t) => testName(t, defaultK(t, 'WESTERN_ELECTRIC'), 'WESTERN_ELECTRIC'))).toEqual([
      'Western Electric 1: 1 point beyond 3σ',
      'Western Electric 2: 2 of 3 beyond 2σ, same side',
      'Western Electric 3: 4 of 5 beyond 1σ, same side',
      'Western Electric 4: 8 in a row on one side',
    ]);
  });

  it('refuses a K that is no pattern, saying why', () => {
    expect(kProblem('NELSON_2', 1)).toBe('must be a whole number of readings, at least 2, not 1');
    expect(kProblem('NELSON_4', 2)).toBe('must be a whole number of readings, at least 3 (fewer readings cannot alternate up and down), not 2');
    expect(kProblem('NELSON_5', 1)).toBe('must be a whole number of readings, at least 2 (1 of 2 is a single reading beyond 2σ, test 1 with a multiple of 2), not 1');
    expect(kProblem('NELSON_7', 7.5)).toBe('must be a whole number of readings, at least 2, not 7.5');
    expect(kProblem('NELSON_8', 5000)).toBe('must be at most 1000 readings (each reading is judged against that many before it), not 5000');
    expect(kProblem('NELSON_1', 0)).toBe('must be a positive number, not 0');
    expect(kProblem('NELSON_1', 2.5)).toBeNull();
  });
});
