import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SubgraphContext } from '@lotgraph/server';
import type { IngestRejectionService, RejectionInput } from './ingest-rejection.service';
import type { IngestReplayService } from './ingest-replay.service';

type Context = SubgraphContext<unknown>;

export function ingestRejectionResolvers(rejections: IngestRejectionService, replays: IngestReplayService) {
  return {
    Query: {
      ingestRejections: (_: unknown, args: { adapter?: string | null; status?: 'OPEN' | 'REPLAYED' | null; first?: number | null }, ctx: Context, info: GraphQLResolveInfo) => {
        requireRole(ctx, declaredRoles(info), 'read rejected ingest records');
        return rejections.list(args);
      },
    },
    Mutation: {
      recordIngestRejections: (_: unknown, args: { input: RejectionInput[] }, ctx: Context, info: GraphQLResolveInfo) =>
        rejections.record(args.input, requireRole(ctx, declaredRoles(info), 'keep rejected ingest records'), ctx.requestId),
      replayIngestRejections: (_: unknown, args: { ids: string[] }, ctx: Context, info: GraphQLResolveInfo) =>
        replays.replay(args.ids, requireRole(ctx, declaredRoles(info), 'replay rejected ingest records'), { token: ctx.token, requestId: ctx.requestId }, ctx.requestId),
    },
    IngestRejection: {
      __resolveReference: (ref: { id: string }) => rejections.get(ref.id),
    },
  };
}
