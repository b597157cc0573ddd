/** A small GraphQL client for the demo: logs demo users in through the gateway and calls it as them. */
export class GraphSession {
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly url: string,
    readonly password: string,
  ) {}

  async as<T>(userId: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await this.post<T>(query, variables, await this.tokenOf(userId));
    if (response.errors?.length) throw new Error(`${userId}: ${response.errors.map((e) => e.message).join('; ')}`);
    return response.data!;
  }

  /** The answer with its errors, for calls whose refusal the demo expects (a draft already approved). */
  async tryAs<T>(userId: string, query: string, variables: Record<string, unknown> = {}): Promise<{ data?: T | null; errors?: Array<{ message: string }> }> {
    return this.post<T>(query, variables, await this.tokenOf(userId));
  }

  private async tokenOf(userId: string): Promise<string> {
    const known = this.tokens.get(userId);
    if (known) return known;
    const response = await this.post<{ login: { token: string } }>('mutation ($userId: ID!, $password: String!) { login(userId: $userId, password: $password) { token } }', {
      userId,
      password: this.password,
    });
    if (!response.data?.login) {
      const why = response.errors?.map((e) => e.message).join('; ') ?? 'no answer';
      throw new Error(`cannot log the demo user ${userId} in at ${this.url}: ${why}. The demo runs as the demo plant's users: load them with npx lotgraph seed`);
    }
    this.tokens.set(userId, response.data.login.token);
    return response.data.login.token;
  }

  private async post<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<{ data?: T | null; errors?: Array<{ message: string }> }> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: T | null; errors?: Array<{ message: string }> };
  }
}
