import { CreateAuditTrail1764144100000 } from './migrations/1764144100000-create-audit-trail';
import { createSubgraphDatabase, type DatabaseOptions, type SubgraphDatabase } from '@lotgraph/server';
import { QualityExceptionEntity } from './exception/quality-exception.entity';
import { AffectedLotEntity } from './exception/affected-lot.entity';
import { InspectionEntity } from './inspection/inspection.entity';
import { CreateQualityTables1763712100000 } from './migrations/1763712100000-create-quality-tables';
import { CreateInspection1764057600000 } from './migrations/1764057600000-create-inspection';
import { CreateSpecificationsReadingsRules1764316800000 } from './migrations/1764316800000-create-specifications-readings-rules';
import { CreateOutbox1764500000000 } from './migrations/1764500000000-create-outbox';
import { CreateNotifications1764520000000 } from './migrations/1764520000000-create-notifications';
import { CreateRaisedExceptions1764700000000 } from './migrations/1764700000000-create-raised-exceptions';
import { AddCpkRuleKind1764800000000 } from './migrations/1764800000000-add-cpk-rule-kind';
import { RegroupViolations1764900000000 } from './migrations/1764900000000-regroup-violations';
import { WebhookEndpointEntity } from './notification/webhook-endpoint.entity';
import { CreateLotDisposition1764600000000 } from './migrations/1764600000000-create-lot-disposition';
import { LotDispositionEntity } from './disposition/lot-disposition.entity';
import { CreateLotRules1765000000000 } from './migrations/1765000000000-create-lot-rules';
import { AuditReadingsPerCall1765100000000 } from './migrations/1765100000000-audit-readings-per-call';
import { AuditContainers1765200000000 } from './migrations/1765200000000-audit-containers';
import { AddSpcAndPpkRuleKinds1765300000000 } from './migrations/1765300000000-add-spc-and-ppk-rule-kinds';
import { QualityMetrics1765400000000 } from './migrations/1765400000000-quality-metrics';
import { CapaEvents1765410000000 } from './migrations/1765410000000-capa-events';
import { ExceptionReportKeys1765420000000 } from './migrations/1765420000000-exception-report-keys';
import { SignAuditEntries1766000000000 } from './migrations/1766000000000-sign-audit-entries';
import { InspectionSourceAttributes1766300000000 } from './migrations/1766300000000-inspection-source-attributes';

export function createQualityDatabase(options: DatabaseOptions): SubgraphDatabase {
  return createSubgraphDatabase({
    ...options,
    schema: 'quality',
    entities: [QualityExceptionEntity, AffectedLotEntity, InspectionEntity, WebhookEndpointEntity, LotDispositionEntity],
    migrations: [CreateQualityTables1763712100000, CreateInspection1764057600000, CreateAuditTrail1764144100000, CreateSpecificationsReadingsRules1764316800000, CreateOutbox1764500000000, CreateNotifications1764520000000, CreateLotDisposition1764600000000, CreateRaisedExceptions1764700000000, AddCpkRuleKind1764800000000, RegroupViolations1764900000000, CreateLotRules1765000000000, AuditReadingsPerCall1765100000000, AuditContainers1765200000000, AddSpcAndPpkRuleKinds1765300000000, QualityMetrics1765400000000, CapaEvents1765410000000, ExceptionReportKeys1765420000000, SignAuditEntries1766000000000, InspectionSourceAttributes1766300000000],
  });
}
