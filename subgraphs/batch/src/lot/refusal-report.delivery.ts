import { USAGE_GUARD_USER, signToken, type GraphClient, type OutboxDelivery, type OutboxMessage } from '@lotgraph/server';

export const REPORT_REFUSAL_TOPIC = 'quality.lotUsageRefused';

const RECORD_REFUSAL = `mutation BatchUsageGuardRefusal($input: LotUsageRefusalInput!) { recordLotUsageRefusal(input: $input) { refusalId } }`;

/**
 * Tells the quality domain of each refused use of a lot, through the graph, as the batch.usage-guard system user.
 * Quality records a refusal once by its id, so one told twice (a crash before it was marked) counts once.
 */
export class RefusalReportDelivery implements OutboxDelivery {
  constructor(
    private readonly graph: GraphClient,
    private readonly tokenSecret: string,
  ) {}

  async deliver(message: OutboxMessage): Promise<void> {
    const token = signToken(USAGE_GUARD_USER, this.tokenSecret, '5m');
    const response = await this.graph.query<{ recordLotUsageRefusal: { refusalId: string } | null }>(RECORD_REFUSAL, { input: message.payload }, { token, requestId: `outbox-${message.id}` });
    if (!response.data?.recordLotUsageRefusal) {
      throw new Error(`recordLotUsageRefusal ${String(message.payload.refusalId)}: ${response.errors?.map((error) => error.message).join('; ') ?? 'not answered'}`);
    }
  }
}
