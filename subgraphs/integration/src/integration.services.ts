import { AuditTrail, type GraphClient, type SubgraphDatabase } from '@lotgraph/server';
import { IngestRejectionRepository } from './rejection/ingest-rejection.repository';
import { IngestRejectionService } from './rejection/ingest-rejection.service';
import { IngestReplayService } from './rejection/ingest-replay.service';

export interface IntegrationServices {
  rejections: IngestRejectionService;
  replays: IngestReplayService;
}

/** Wires the integration domain over one database; `graph` is how a replay writes through the graph as its caller. */
export function createIntegrationServices(database: SubgraphDatabase, graph: GraphClient): IntegrationServices {
  const audit = new AuditTrail(database.dataSource, 'integration');
  const repository = new IngestRejectionRepository(database.dataSource);
  return { rejections: new IngestRejectionService(repository, audit), replays: new IngestReplayService(repository, audit, graph) };
}
