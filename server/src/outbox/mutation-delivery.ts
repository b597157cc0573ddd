import type { Identity } from '../auth/jwt';
import { signToken } from '../auth/jwt';
import type { GraphClient } from '../graph/graph-client';
import type { OutboxDelivery } from './outbox-dispatcher';
import type { OutboxMessage } from './outbox';

/**
 * Delivers an outbox message to another domain as one mutation through the graph, `field(input: <payload>)`, as a
 * system user (not whoever made the change, whose token may have expired by the time a retry goes out). The receiving
 * domain records it once by its key, so a message delivered twice counts once. Throws, for a retry, unless the
 * mutation answered.
 */
export class MutationDelivery implements OutboxDelivery {
  constructor(
    private readonly graph: GraphClient,
    private readonly tokenSecret: string,
    private readonly user: Identity,
    private readonly mutation: string,
    private readonly field: string,
  ) {}

  async deliver(message: OutboxMessage): Promise<void> {
    const token = signToken(this.user, this.tokenSecret, '5m');
    const response = await this.graph.query<Record<string, unknown>>(this.mutation, { input: message.payload }, { token, requestId: `outbox-${message.id}` });
    if (!response.data?.[this.field]) {
      throw new Error(`${this.field} ${message.key}: ${response.errors?.map((error) => error.message).join('; ') ?? 'not answered'}`);
    }
  }
}
