import { ApolloServer } from '@apollo/server';
import { formatError, requestLogPlugin, type RequestContext } from '../src';

describe('the log of a request that failed unexpectedly', () => {
  const server = new ApolloServer<RequestContext>({
    typeDefs: 'type Query { stock: Int! }',
    resolvers: { Query: { stock: () => { throw new Error('connection reset by the database'); } } },
    plugins: [requestLogPlugin],
    formatError,
  });
  let logged: string[];

  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    logged = [];
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  });
  afterEach(() => jest.restoreAllMocks());

  it("names the request id (the audit trail's) and the client's correlation id, which the caller's answer does not show", async () => {
    const context: RequestContext = { requestId: '0190a3c2-7d1e-7000-8000-000000000001', correlationId: 'mes-4711', user: null };
    const response = await server.executeOperation({ query: 'query Stock { stock }' }, { contextValue: context });
    expect(response.body.kind === 'single' && response.body.singleResult.errors).toEqual([expect.objectContaining({ message: 'Internal server error' })]);
    expect(logged).toContain("request 0190a3c2-7d1e-7000-8000-000000000001 (client's correlation id mes-4711): Stock failed: connection reset by the database");
  });
});
