import type { Role } from '../auth/roles';

/** What a signature means (21 CFR 11.50(a)(3)). */
export const SIGNATURE_MEANINGS = ['AUTHORED', 'REVIEWED', 'APPROVED', 'VERIFIED', 'RELEASED'] as const;
export type SignatureMeaning = (typeof SIGNATURE_MEANINGS)[number];

/**
 * Who re-entered their password, and when (the compliance domain's answer to verifySigner): what an
 * e-signature records as its signer, with verifiedAt as the time of signing.
 */
export interface VerifiedSigner {
  userId: string;
  printedName: string;
  roles: Role[];
  verifiedAt: Date;
}

export interface ESignature {
  id: string;
  entityType: string;
  entityId: string;
  meaning: SignatureMeaning;
  signerId: string;
  printedName: string;
  signerRoles: Role[];
  signedAt: Date;
  /** SHA-256 of the signed record's content at the moment of signing. */
  contentHash: string;
  reason: string | null;
  requestId: string | null;
}

/** What a client sends to sign: the password again, what the signature means, and the content it saw. */
export interface SignatureInput {
  password: string;
  meaning: SignatureMeaning;
  /** The record's contentHash as the signer was shown it; a record changed since then is not signed. */
  contentHash: string;
  reason?: string | null;
}
