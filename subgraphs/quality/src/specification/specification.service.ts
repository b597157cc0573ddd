import { GraphQLError } from 'graphql';
import {
  assertMeasurement, badInput, notFound, type AuditTrail, type GraphCaller, type Identity, type Role, type SignatureInput, type SignatureService, type SignerClient,
} from '@lotgraph/server';
import type { EquipmentParameterRepository } from '../reading/equipment-parameter.repository';
import type { SpecificationRepository } from './specification.repository';
import { specificationContentHash, type SpecParameter, type Specification } from './specification';

export interface SpecificationVersionInput {
  specNumber: string;
  materialCode: string;
  operation: string;
  effectiveFrom: Date;
  parameters: Array<Omit<SpecParameter, 'target' | 'lowerWarning' | 'upperWarning' | 'critical'> & Partial<Pick<SpecParameter, 'target' | 'lowerWarning' | 'upperWarning' | 'critical'>>>;
}

export const SPEC_APPROVERS: readonly Role[] = ['QA_ENGINEER', 'QA_MANAGER'];

/** Checks a version's limits; every error names the specification, the parameter and the field. */
function validParameters(input: SpecificationVersionInput, known: Set<string>): SpecParameter[] {
  const label = `Specification ${input.specNumber}`;
  if (input.parameters.length === 0) throw badInput(label, 'parameters', 'a specification needs at least one parameter');
  const seen = new Set<string>();
  return input.parameters.map((p) => {
    const field = (name: string) => `parameters[${p.parameter}].${name}`;
    if (seen.has(p.parameter)) throw badInput(label, field('parameter'), `parameter ${p.parameter} is given twice`);
    seen.add(p.parameter);
    if (!known.has(p.parameter)) {
      throw badInput(label, field('parameter'), `no equipment measures ${p.parameter} for material ${input.materialCode} at ${input.operation}; register it first (registerEquipmentParameter)`);
    }
    for (const name of ['lsl', 'usl', 'target', 'lowerWarning', 'upperWarning'] as const) {
      const value = p[name];
      if (value !== null && value !== undefined) assertMeasurement(label, field(name), value);
    }
    if (p.lsl > p.usl) throw badInput(label, field('lsl'), `the lower specification limit ${p.lsl} is above the upper limit ${p.usl}`);
    const target = p.target ?? null;
    if (target !== null && (target < p.lsl || target > p.usl)) throw badInput(label, field('target'), `target ${target} is outside the specification limits ${p.lsl}..${p.usl}`);
    const lowerWarning = p.lowerWarning ?? null;
    const upperWarning = p.upperWarning ?? null;
    for (const [name, value] of [['lowerWarning', lowerWarning], ['upperWarning', upperWarning]] as const) {
      if (value !== null && (value < p.lsl || value > p.usl)) throw badInput(label, field(name), `warning limit ${value} is outside the specification limits ${p.lsl}..${p.usl}`);
    }
    if (lowerWarning !== null && upperWarning !== null && lowerWarning > upperWarning) {
      throw badInput(label, field('lowerWarning'), `the lower warning limit ${lowerWarning} is above the upper warning limit ${upperWarning}`);
    }
    if (!p.unit.trim()) throw badInput(label, field('unit'), 'a unit is required');
    return { parameter: p.parameter, unit: p.unit, lsl: p.lsl, usl: p.usl, target, lowerWarning, upperWarning, critical: p.critical ?? false };
  });
}

/**
 * Specifications are versioned and change-controlled: a new version is a DRAFT, in force only once a QA engineer
 * or manager other than its author approves it with an e-signature; approved versions are never edited.
 */
export class SpecificationService {
  constructor(
    private readonly specs: SpecificationRepository,
    private readonly catalogue: EquipmentParameterRepository,
    private readonly signers: SignerClient,
    private readonly signatures: SignatureService,
    private readonly audit: AuditTrail,
  ) {}

  async createVersion(input: SpecificationVersionInput, actor: Identity, requestId: string | null): Promise<Specification> {
    const label = `Specification ${input.specNumber}`;
    for (const field of ['specNumber', 'materialCode', 'operation'] as const) {
      if (!input[field].trim()) throw badInput(label, field, `${field} is required`);
    }
    if (Number.isNaN(input.effectiveFrom.getTime())) throw badInput(label, 'effectiveFrom', 'not a valid instant');
    const parameters = validParameters(input, await this.catalogue.parametersFor(input.materialCode, input.operation));
    return this.specs.transaction(async (manager) => {
      const earlier = await this.specs.versions(input.specNumber, manager, true);
      const first = earlier[0];
      if (first && (first.materialCode !== input.materialCode || first.operation !== input.operation)) {
        throw badInput(label, 'materialCode', `${input.specNumber} is the specification of ${first.materialCode} at ${first.operation}; a new version keeps its material and operation`);
      }
      if (earlier.some((v) => v.status === 'DRAFT')) {
        throw badInput(label, 'specNumber', `version ${earlier.find((v) => v.status === 'DRAFT')!.version} of ${input.specNumber} is still a draft; approve it before starting another`);
      }
      const created = await this.specs.insert(
        { specNumber: input.specNumber, version: earlier.length + 1, materialCode: input.materialCode, operation: input.operation, effectiveFrom: input.effectiveFrom, createdBy: actor.id, parameters },
        manager,
      );
      await this.audit.record(manager, {
        actor,
        action: 'CREATE_SPECIFICATION_VERSION',
        entityType: 'Specification',
        entityId: `${created.specNumber}/${created.version}`,
        changes: {
          specNumber: { new: created.specNumber }, version: { new: created.version }, materialCode: { new: created.materialCode },
          operation: { new: created.operation }, effectiveFrom: { new: created.effectiveFrom }, parameters: { new: created.parameters }, status: { new: 'DRAFT' },
        },
        requestId,
      });
      return created;
    });
  }

  async approve(request: { specNumber: string; version: number; signature: SignatureInput; actor: Identity; caller: GraphCaller; requestId: string | null }): Promise<Specification> {
    const label = `Specification ${request.specNumber} version ${request.version}`;
    if (request.signature.meaning !== 'APPROVED') throw badInput(label, 'signature.meaning', `approving a specification is signed with the meaning APPROVED, not ${request.signature.meaning}`);
    const spec = await this.find(request.specNumber, request.version);
    if (spec.status === 'APPROVED') return spec;
    if (spec.createdBy === request.actor.id) {
      throw new GraphQLError(`${request.actor.id} authored ${label} and may not approve it: the author and the approver must be different people`, {
        extensions: { code: 'SEPARATION_OF_DUTIES' },
      });
    }
    this.signatures.assertCurrent({ label, input: request.signature, currentContentHash: specificationContentHash(spec) });
    const signer = await this.signers.verifySigner(request.caller, request.signature.password, `approve ${label}`);
    return this.specs.transaction(async (manager) => {
      const current = (await this.specs.versions(request.specNumber, manager, true)).find((v) => v.version === request.version)!;
      if (current.status === 'APPROVED') return current;
      await this.signatures.sign(manager, {
        entityType: 'Specification',
        entityId: `${current.specNumber}/${current.version}`,
        label,
        input: request.signature,
        currentContentHash: specificationContentHash(current),
        signer,
        allowedRoles: SPEC_APPROVERS,
        requestId: request.requestId,
      });
      await this.specs.approve(current.id, signer.userId, signer.verifiedAt, manager);
      await this.audit.record(manager, {
        actor: request.actor,
        action: 'APPROVE_SPECIFICATION_VERSION',
        entityType: 'Specification',
        entityId: `${current.specNumber}/${current.version}`,
        changes: { status: { old: 'DRAFT', new: 'APPROVED' }, approvedBy: { new: signer.userId } },
        reason: request.signature.reason ?? null,
        requestId: request.requestId,
      });
      return { ...current, status: 'APPROVED', approvedBy: signer.userId, approvedAt: signer.verifiedAt };
    });
  }

  async find(specNumber: string, version: number): Promise<Specification> {
    const spec = (await this.specs.versions(specNumber)).find((v) => v.version === version);
    if (!spec) throw notFound('Specification', 'specNumber/version', `${specNumber}/${version}`);
    return spec;
  }

  list(filter: { materialCode?: string | null; specNumber?: string | null }): Promise<Specification[]> {
    return this.specs.list(filter);
  }
}
