import { parseDateTime } from '../src/kit/parse-date-time';

describe('date-times as plant systems write them', () => {
  it('reads ISO 8601 with an offset as given, and local times in the plant’s time zone', () => {
    expect(parseDateTime('2026-12-03T08:30:00+08:00')?.toISOString()).toBe('2026-12-03T00:30:00.000Z');
    expect(parseDateTime('2026-12-03 08:30:15Z')?.toISOString()).toBe('2026-12-03T08:30:15.000Z');
    expect(parseDateTime('2026/12/03 08:30', 'Asia/Shanghai')?.toISOString()).toBe('2026-12-03T00:30:00.000Z');
    expect(parseDateTime('03.12.2026 08:30', 'Europe/Berlin')?.toISOString()).toBe('2026-12-03T07:30:00.000Z');
    expect(parseDateTime('2026年12月3日 8时30分', 'Asia/Shanghai')?.toISOString()).toBe('2026-12-03T00:30:00.000Z');
    expect(parseDateTime('2026-07-01', 'Europe/Berlin')?.toISOString()).toBe('2026-06-30T22:00:00.000Z');
  });

  it('refuses days that do not exist and text that is no date', () => {
    for (const text of ['2026-02-30', '2026-02-30T00:00:00Z', '31.04.2026', '2026-13-01', 'yesterday', '0001-01-01', '12/03/2026']) {
      expect(parseDateTime(text, 'Asia/Shanghai')).toBeUndefined();
    }
  });
});
