import { GraphQLError } from 'graphql';
import { GraphUnavailableError, type GraphCaller, type GraphClient } from '@lotgraph/server';

export interface ReleaseVerdict {
  releasable: boolean;
  reasons: string[];
}

const RELEASE_CHECK_QUERY =
  'query BatchReleaseCheck($lotNumber: String!) { lot(lotNumber: $lotNumber) { releaseCheck { releasable reasons } } }';

function unavailable(lotNumber: string, reason: string): GraphQLError {
  return new GraphQLError(`Lot ${lotNumber} was not released: the quality domain could not answer its release check (${reason})`, {
    extensions: { code: 'QUALITY_CHECK_UNAVAILABLE', lotNumber },
  });
}

/**
 * Asks the quality domain, through the graph and as the caller, whether a lot may be released. Fails closed:
 * no answer is never taken as a yes.
 */
export class QualityGateClient {
  constructor(private readonly graph: GraphClient) {}

  async assertReleasable(lotNumber: string, caller: GraphCaller): Promise<void> {
    const verdict = await this.check(lotNumber, caller);
    if (verdict.releasable) return;
    throw new GraphQLError(`Lot ${lotNumber} cannot be released: ${verdict.reasons.join('; ')}`, {
      extensions: { code: 'RELEASE_BLOCKED', lotNumber, reasons: verdict.reasons },
    });
  }

  async check(lotNumber: string, caller: GraphCaller): Promise<ReleaseVerdict> {
    let response;
    try {
      response = await this.graph.query<{ lot: { releaseCheck: ReleaseVerdict | null } | null }>(RELEASE_CHECK_QUERY, { lotNumber }, caller);
    } catch (err) {
      if (err instanceof GraphUnavailableError) throw unavailable(lotNumber, err.message);
      throw err;
    }
    const verdict = response.data?.lot?.releaseCheck;
    if (verdict && typeof verdict.releasable === 'boolean' && Array.isArray(verdict.reasons)) {
      // A "no" must say why; a bare "no" is refused as if there were no answer.
      if (!verdict.releasable && verdict.reasons.length === 0) throw unavailable(lotNumber, 'it said no without a reason');
      return verdict;
    }
    throw unavailable(lotNumber, response.errors?.map((error) => error.message).join('; ') || 'the answer had no release check');
  }
}
