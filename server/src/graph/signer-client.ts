import { GraphQLError } from 'graphql';
import { isRole } from '../auth/roles';
import type { VerifiedSigner } from '../signature/signature';
import { GraphUnavailableError, type GraphCaller, type GraphClient } from './graph-client';

const VERIFY_SIGNER_MUTATION =
  'mutation VerifySigner($password: String!, $purpose: String!) { verifySigner(password: $password, purpose: $purpose) { userId printedName roles verifiedAt } }';

function unavailable(reason: string): GraphQLError {
  return new GraphQLError(`The signer could not be verified: the compliance domain did not answer (${reason})`, {
    extensions: { code: 'SIGNER_CHECK_UNAVAILABLE' },
  });
}

/**
 * Re-authenticates the caller of a request for an e-signature (21 CFR 11.200): asks the compliance domain,
 * through the gateway and as the caller, to check the password they typed at this moment. Fails closed: a
 * refusal comes back as the compliance domain's own error (wrong password, locked account: message and code
 * kept), and no answer is never taken as a yes.
 */
export class SignerClient {
  constructor(private readonly graph: GraphClient) {}

  async verifySigner(caller: GraphCaller, password: string, purpose: string): Promise<VerifiedSigner> {
    let response;
    try {
      response = await this.graph.query<{ verifySigner: { userId: string; printedName: string; roles: string[]; verifiedAt: string } | null }>(
        VERIFY_SIGNER_MUTATION,
        { password, purpose },
        caller,
      );
    } catch (err) {
      if (err instanceof GraphUnavailableError) throw unavailable(err.message);
      throw err;
    }
    const refusal = response.errors?.[0];
    if (refusal) {
      throw new GraphQLError(refusal.message, { extensions: { ...refusal.extensions, code: refusal.extensions?.code ?? 'SIGNER_NOT_VERIFIED' } });
    }
    const signer = response.data?.verifySigner;
    if (!signer || typeof signer.userId !== 'string' || !Array.isArray(signer.roles) || !signer.roles.every(isRole)) {
      throw unavailable('the answer named no signer');
    }
    return { userId: signer.userId, printedName: signer.printedName, roles: signer.roles, verifiedAt: new Date(signer.verifiedAt) };
  }
}
