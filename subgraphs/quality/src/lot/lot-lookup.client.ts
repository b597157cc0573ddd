import { GraphQLError } from 'graphql';
import { GraphUnavailableError, notFound, type GraphCaller, type GraphClient } from '@lotgraph/server';

export interface LotRef {
  id: string;
  lotNumber: string;
  /** The lot's material code, as the batch domain names it (kept with inspections); absent when not asked. */
  materialCode?: string | null;
}

const LOT_QUERY = 'query QualityLotLookup($lotNumber: String!) { lot(lotNumber: $lotNumber) { id lotNumber material { code } } }';

type LotAnswer = { id: string; lotNumber: string; material?: { code: string } | null };

/** Finds a batch lot by its number through the graph (the batch domain owns lots; quality keeps their ids). */
export class LotLookupClient {
  constructor(private readonly graph: GraphClient) {}

  async find(lotNumber: string, caller: GraphCaller, purpose: string): Promise<LotRef> {
    const unavailable = (reason: string) =>
      new GraphQLError(`Cannot ${purpose} for lot ${lotNumber} now: the batch domain did not say whether the lot exists (${reason})`, {
        extensions: { code: 'LOT_LOOKUP_UNAVAILABLE', lotNumber },
      });
    let response;
    try {
      response = await this.graph.query<{ lot: LotAnswer | null }>(LOT_QUERY, { lotNumber }, caller);
    } catch (err) {
      if (err instanceof GraphUnavailableError) throw unavailable(err.message);
      throw err;
    }
    const lot = response.data?.lot;
    if (lot?.id) return { id: lot.id, lotNumber: lot.lotNumber, materialCode: lot.material?.code ?? null };
    if (response.errors?.some((error) => error.extensions?.code === 'NOT_FOUND')) throw notFound('Lot', 'lotNumber', lotNumber);
    throw unavailable(response.errors?.[0]?.message ?? 'the answer had no lot');
  }
}
