import { hashPassword, verifyPassword } from '../src/password/password-hash';

describe('password hashes', () => {
  it('are salted per hash, carry their parameters, and check only the right password', async () => {
    const [a, b] = await Promise.all([hashPassword('same password!'), hashPassword('same password!')]);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$/);
    expect(await verifyPassword('same password!', a)).toBe(true);
    expect(await verifyPassword('same password?', a)).toBe(false);
  });

  it('still verify a hash made with other parameters, as stored with it', async () => {
    const cheaper = await hashPassword('kept from before', { logN: 10, r: 8, p: 2 });
    expect(cheaper).toMatch(/^\$scrypt\$ln=10,r=8,p=2\$/);
    expect(await verifyPassword('kept from before', cheaper)).toBe(true);
    expect(await verifyPassword('kept from after', cheaper)).toBe(false);
  });

  it('treat the same text in either Unicode form as the same password', async () => {
    const composed = 'Qualitätssicherung';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });
});
