import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import type { AuditTrail } from '../audit/audit-trail';
import { canonicalJson, sha256 } from '../audit/audit-hash';
import type { Role } from '../auth/roles';
import type { ESignature, SignatureInput, SignatureMeaning, VerifiedSigner } from './signature';
import type { SignatureRepository } from './signature.repository';

/** The hash a signature binds to: SHA-256 of the record's signable content as canonical JSON. */
export function contentHashOf(content: object): string {
  return sha256(canonicalJson(content));
}

/** A signature as shown with its record: still valid only while the record's content is what was signed. */
export type ShownSignature = ESignature & { valid: boolean };

export function shown(signature: ESignature, currentContentHash: string): ShownSignature {
  return { ...signature, valid: signature.contentHash === currentContentHash };
}

/** Meanings that approve a record: whoever authored it may not give them, and the other way round. */
const APPROVING: readonly SignatureMeaning[] = ['REVIEWED', 'APPROVED', 'VERIFIED', 'RELEASED'];

export interface SignRequest {
  entityType: string;
  entityId: string;
  /** How the record is named in errors, e.g. `Lot SYR3-2611-0008`. */
  label: string;
  input: SignatureInput;
  /** The record's content hash now, read in the signing transaction. */
  currentContentHash: string;
  /** The signer, re-authenticated with their password for this signature; verifiedAt is recorded as signedAt. */
  signer: VerifiedSigner;
  /** Roles that may sign the record with this meaning. */
  allowedRoles: readonly Role[];
  requestId?: string | null;
}

function refused(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/**
 * Records e-signatures (21 CFR 11.50, 11.70): who (re-authenticated), printed name, time and meaning, bound to
 * the hash of the record's content, with an audit entry, in the caller's transaction.
 */
export class SignatureService {
  constructor(
    private readonly signatures: SignatureRepository,
    private readonly audit: AuditTrail,
  ) {}

  /** Refuses early (before the password is checked) a request for content that changed since it was shown. */
  assertCurrent(request: Pick<SignRequest, 'label' | 'input' | 'currentContentHash'>): void {
    if (request.input.contentHash !== request.currentContentHash) {
      throw refused(
        `${request.label} changed since it was shown for signing: the signature request names content ${request.input.contentHash.slice(0, 12)}…, ` +
          `the record is now ${request.currentContentHash.slice(0, 12)}…; read it again (contentHash) and sign what it says now`,
        'STALE_CONTENT',
      );
    }
  }

  async sign(manager: EntityManager, request: SignRequest): Promise<ESignature> {
    this.assertCurrent(request);
    const { signer, input } = request;
    if (!signer.roles.some((role) => request.allowedRoles.includes(role))) {
      throw refused(
        `${signer.userId} (${signer.roles.join(', ')}) may not sign ${request.label} as ${input.meaning}; that needs ${request.allowedRoles.join(' or ')}`,
        'FORBIDDEN',
      );
    }
    const earlier = await this.signatures.findFor(request.entityType, [request.entityId], manager);
    const conflicting = earlier.find(
      (s) => s.signerId === signer.userId && (input.meaning === 'AUTHORED' ? APPROVING.includes(s.meaning) : APPROVING.includes(input.meaning) && s.meaning === 'AUTHORED'),
    );
    if (conflicting) {
      throw refused(
        `${signer.userId} signed ${request.label} as ${conflicting.meaning} and may not also sign it as ${input.meaning}: ` +
          'the author of a record and its approver must be different people',
        'SEPARATION_OF_DUTIES',
      );
    }
    const signature = await this.signatures.insert(manager, {
      entityType: request.entityType,
      entityId: request.entityId,
      meaning: input.meaning,
      signerId: signer.userId,
      printedName: signer.printedName,
      signerRoles: signer.roles,
      signedAt: signer.verifiedAt,
      contentHash: request.currentContentHash,
      reason: input.reason ?? null,
      requestId: request.requestId ?? null,
    });
    await this.audit.record(manager, {
      actor: { id: signer.userId, name: signer.printedName, roles: signer.roles },
      action: 'SIGN',
      entityType: request.entityType,
      entityId: request.entityId,
      changes: { signature: { new: { id: signature.id, meaning: signature.meaning, printedName: signature.printedName, contentHash: signature.contentHash } } },
      reason: input.reason ?? null,
      requestId: request.requestId,
    });
    return signature;
  }
}
