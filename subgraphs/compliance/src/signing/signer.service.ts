import { badInput, type AuditTrail, type Identity, type Role } from '@lotgraph/server';
import type { CredentialService } from '../password/credential.service';
import type { UserRepository } from '../user/user.repository';

export interface VerifiedSigner {
  userId: string;
  printedName: string;
  roles: Role[];
  verifiedAt: Date;
}

/**
 * Re-authentication for e-signatures (21 CFR 11.200(a)): the caller types their password again at the moment
 * of signing. A wrong one is audited as SIGNING_FAILED and counts toward the lock; a right one is audited as
 * SIGNER_VERIFIED with what was about to be signed, and names the signer as the account says now.
 */
export class SignerService {
  constructor(
    private readonly users: UserRepository,
    private readonly credentials: CredentialService,
    private readonly audit: AuditTrail,
  ) {}

  async verify(caller: Identity, password: string, purpose: string, requestId: string): Promise<VerifiedSigner> {
    const what = purpose.trim();
    if (!what) throw badInput('VerifiedSigner', 'purpose', `say what ${caller.id} is about to sign (e.g. "release lot SYR5-2611-0003")`);
    const checked = await this.credentials.check(caller.id, password, { kind: 'SIGNING', caller, requestId, purpose: what });
    return this.users.transaction(async (manager) => {
      const { user, changes } = await this.credentials.confirm(checked, manager);
      const verifiedAt = new Date();
      await this.audit.record(manager, {
        actor: caller,
        action: 'SIGNER_VERIFIED',
        entityType: 'User',
        entityId: user.id,
        changes,
        reason: what,
        requestId,
      });
      return { userId: user.id, printedName: user.printedName, roles: user.roles, verifiedAt };
    });
  }
}
