import type { EntityManager } from 'typeorm';
import type { QualityExceptionEntity } from '../exception/quality-exception.entity';
import type { SeverityPolicies, SeverityPolicy } from './severity-policy';
import { BUILT_IN_TEMPLATE, type WorkflowTemplate } from './workflow-template';

/** Where the workflow templates come from: the one in force for a material, and any version by its code. */
export interface WorkflowTemplateSource {
  inForceFor(materialCode: string | null, manager?: EntityManager): Promise<WorkflowTemplate>;
  version(code: string, version: number, manager?: EntityManager): Promise<WorkflowTemplate | null>;
}

/** An exception's policy comes from the template version that graded it, never from a later version. */
export class TemplateSeverityPolicies implements SeverityPolicies {
  constructor(private readonly templates: WorkflowTemplateSource) {}

  async forException(exception: QualityExceptionEntity): Promise<SeverityPolicy> {
    const template =
      exception.templateCode !== null && exception.templateVersion !== null
        ? ((await this.templates.version(exception.templateCode, exception.templateVersion)) ?? BUILT_IN_TEMPLATE)
        : BUILT_IN_TEMPLATE;
    return template.policies[exception.severity];
  }
}
