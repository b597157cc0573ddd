import type { DatabaseOptions, LotGraphConfig, SubgraphDatabase, SubgraphServer, SubgraphServerOptions } from '@lotgraph/server';
import type { SubgraphName } from '@lotgraph/schema';
import { createBatchDatabase, createBatchServer, seedBatchDemo } from '@lotgraph/batch';
import { createQualityDatabase, createQualityServer, seedQualityDemo } from '@lotgraph/quality';
import { createCapaDatabase, createCapaServer, seedCapaDemo } from '@lotgraph/capa';
import { createComplianceDatabase, createComplianceServer, seedComplianceDemo } from '@lotgraph/compliance';
import { createIntegrationDatabase, createIntegrationServer, seedIntegrationDemo } from '@lotgraph/integration';

export interface SubgraphPackage {
  createDatabase(options: DatabaseOptions): SubgraphDatabase;
  /** `config`: the installation's settings, for what only one subgraph uses (the quality domain's MQTT ingest and event links). */
  createServer(options: SubgraphServerOptions, config?: Pick<LotGraphConfig, 'mqttUrl' | 'mqttClientId' | 'publicUrl'>): Promise<SubgraphServer>;
  /** Loads this subgraph's part of the demo plant (idempotent). */
  seedDemo(database: SubgraphDatabase): Promise<unknown>;
}

/** Every subgraph the hub can run in-process, in the order their demo data depends on each other. */
export const SUBGRAPHS: Record<SubgraphName, SubgraphPackage> = {
  batch: { createDatabase: createBatchDatabase, createServer: createBatchServer, seedDemo: seedBatchDemo },
  quality: {
    createDatabase: createQualityDatabase,
    createServer: (options, config) =>
      createQualityServer({ ...options, notifications: { publicUrl: config?.publicUrl }, mqtt: config?.mqttUrl ? { url: config.mqttUrl, clientId: config.mqttClientId } : undefined }),
    seedDemo: seedQualityDemo,
  },
  capa: { createDatabase: createCapaDatabase, createServer: createCapaServer, seedDemo: seedCapaDemo },
  compliance: { createDatabase: createComplianceDatabase, createServer: createComplianceServer, seedDemo: seedComplianceDemo },
  integration: { createDatabase: createIntegrationDatabase, createServer: createIntegrationServer, seedDemo: seedIntegrationDemo },
};
