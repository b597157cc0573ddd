/**
 * A LotGraph service's base URL from its GraphQL URL (`http://host:4000/graphql` → `http://host:4000`): its other
 * routes (/healthz, /reports/, the internal feeds) are beside /graphql.
 */
export function baseUrlOf(graphqlUrl: string): string {
  return graphqlUrl.replace(/\/graphql\/?$/, '').replace(/\/+$/, '');
}
