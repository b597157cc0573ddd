import type { EntityManager } from 'typeorm';
import {
  badInput, type ESignature, type GraphCaller, type SignatureInput, type SignatureMeaning, type SignatureService, type SignerClient, type SignRequest, type VerifiedSigner,
} from '@lotgraph/server';

export interface SignatureCheck {
  /** How the record is named in errors. */
  label: string;
  /** The meaning the severity policy asks for; null when this step needs no signature. */
  needed: SignatureMeaning | null;
  /** What the severity is called in the refusal (e.g. "a MAJOR exception's disposition"). */
  step: string;
  input: SignatureInput | null | undefined;
  currentContentHash: string;
  caller: GraphCaller;
  purpose: string;
}

/**
 * The e-signature a workflow step needs by its severity policy, as spec approval does it: meaning and content
 * checked first, then the signer re-authenticated through the compliance domain, then signed in the step's
 * transaction (SignatureService: roles, separation of author and approver, audit).
 */
export class PolicySignatures {
  constructor(
    private readonly signers: SignerClient,
    private readonly signatures: SignatureService,
  ) {}

  /** Before the transaction; null when no signature is needed and none was given. */
  async verify(check: SignatureCheck): Promise<VerifiedSigner | null> {
    const { input, needed } = check;
    if (!input) {
      if (needed) throw badInput(check.label, 'signature', `${check.step} needs an e-signature of meaning ${needed} (password again and the contentHash)`);
      return null;
    }
    if (needed && input.meaning !== needed) throw badInput(check.label, 'signature.meaning', `${check.step} is signed with the meaning ${needed}, not ${input.meaning}`);
    this.signatures.assertCurrent({ label: check.label, input, currentContentHash: check.currentContentHash });
    return this.signers.verifySigner(check.caller, input.password, check.purpose);
  }

  sign(manager: EntityManager, request: SignRequest): Promise<ESignature> {
    return this.signatures.sign(manager, request);
  }
}
