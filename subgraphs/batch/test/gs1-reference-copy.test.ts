import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SHARED_EPCIS_DIR, VENDORED_EPCIS_DIR } from './support/epcis-schema';

function files(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? files(file, base) : [path.relative(base, file)];
  });
}

describe('the copy of the GS1 EPCIS reference files kept with the tests', () => {
  const shared = existsSync(SHARED_EPCIS_DIR);

  it('has the schema the export is validated against', () => {
    expect(existsSync(path.join(VENDORED_EPCIS_DIR, 'JSON-Schema', 'EPCIS-JSON-Schema-root.json'))).toBe(true);
  });

  // Only a clone with the shared material beside it has something to compare the copy with.
  if (!shared) return;

  it('is identical to the shared reference material, file by file', () => {
    const expected = files(SHARED_EPCIS_DIR).sort();
    const copied = files(VENDORED_EPCIS_DIR).filter((f) => f !== 'README.md').sort();
    expect(copied).toEqual(expected);
    for (const file of expected) {
      expect({ file, same: readFileSync(path.join(VENDORED_EPCIS_DIR, file)).equals(readFileSync(path.join(SHARED_EPCIS_DIR, file))) }).toEqual({ file, same: true });
    }
  });
});
