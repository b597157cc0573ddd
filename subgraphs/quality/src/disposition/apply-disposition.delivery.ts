import { CONTAINMENT_USER, signToken, type GraphClient, type OutboxDelivery, type OutboxMessage } from '@lotgraph/server';
import { APPLY_DISPOSITION_TOPIC, type ApplyDispositionRequest } from './disposition-requests';

const APPLY_DISPOSITION = `mutation QualityApplyDisposition($input: ApplyDispositionInput!) { applyDisposition(input: $input) { lotNumber status } }`;

/**
 * Delivers dispositions to the batch domain through the graph, as the quality.containment system user (the only
 * caller batch takes applyDisposition from, so a hold placed by an exception is lifted only by its disposition).
 * batch applies the same disposition once however often it is sent.
 */
export class ApplyDispositionDelivery implements OutboxDelivery {
  constructor(
    private readonly graph: GraphClient,
    private readonly tokenSecret: string,
  ) {}

  async deliver(message: OutboxMessage): Promise<void> {
    if (message.topic !== APPLY_DISPOSITION_TOPIC) throw new Error(`no delivery for outbox topic ${message.topic}`);
    const input = message.payload as unknown as ApplyDispositionRequest;
    const token = signToken(CONTAINMENT_USER, this.tokenSecret, '5m');
    const response = await this.graph.query<{ applyDisposition: { status: string } | null }>(APPLY_DISPOSITION, { input }, { token, requestId: `outbox-${message.id}` });
    if (!response.data?.applyDisposition) {
      const reason = response.errors?.map((error) => error.message).join('; ') ?? 'not answered';
      throw new Error(`applyDisposition ${input.lotNumber}: ${reason}`);
    }
  }
}
