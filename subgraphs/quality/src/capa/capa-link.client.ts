import { GraphQLError } from 'graphql';
import { GraphUnavailableError, type GraphCaller, type GraphClient } from '@lotgraph/server';

export interface LinkedCapa {
  number: string;
  status: string;
}

const CAPAS_QUERY = 'query QualityExceptionCapas($number: String!) { exception(number: $number) { capas { number status } } }';

/** Asks the graph (the capa domain, through QualityException.capas) which CAPAs answer an exception. */
export class CapaLinkClient {
  constructor(private readonly graph: GraphClient) {}

  async capasOf(exceptionNumber: string, caller: GraphCaller): Promise<LinkedCapa[]> {
    const unavailable = (reason: string) =>
      new GraphQLError(`Cannot tell whether ${exceptionNumber} has a CAPA now: the capa domain did not answer (${reason})`, {
        extensions: { code: 'CAPA_LOOKUP_UNAVAILABLE', exceptionNumber },
      });
    let response;
    try {
      response = await this.graph.query<{ exception: { capas: LinkedCapa[] | null } | null }>(CAPAS_QUERY, { number: exceptionNumber }, caller);
    } catch (err) {
      if (err instanceof GraphUnavailableError) throw unavailable(err.message);
      throw err;
    }
    const capas = response.data?.exception?.capas;
    if (response.errors?.length || !capas) throw unavailable(response.errors?.[0]?.message ?? 'the answer had no capas');
    return capas;
  }
}
