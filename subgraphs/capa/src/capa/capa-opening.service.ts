import { badInput, canonicalJson, lockKeyUntilCommit, type AuditTrail, type StepRequest } from '@lotgraph/server';
import type { CapaEntity, CapaScope, CapaType, Risk } from './capa.entity';
import type { CapaRepository } from './capa.repository';
import { required, todayUtc, validDueDate, validRisk } from './capa-input';
import type { CapaSourceEntity, CapaSourceKind } from '../source/capa-source.entity';
import type { CapaSourceRepository } from '../source/capa-source.repository';
import type { ExceptionFacts, ExceptionLookupClient } from '../source/exception-lookup.client';
import type { CapaEvents } from '../notification/capa-events';

export interface CapaSourceInput {
  kind: CapaSourceKind;
  exceptionNumber?: string | null;
  reference?: string | null;
  description?: string | null;
}

export interface OpenCapaInput {
  type?: CapaType | null;
  title: string;
  exceptionNumber?: string | null;
  sources?: CapaSourceInput[] | null;
  problemStatement: string;
  riskBefore: Risk;
  owner?: string | null;
  dueOn: string;
}


type Source = Omit<CapaSourceEntity, 'id' | 'capaId'>;

const LABEL = 'Capa';

/** The sources as given (the exceptionNumber shortcut first), each checked for what its kind needs, with the input field it came from. */
function validSources(input: OpenCapaInput): Array<{ source: Source; field: string }> {
  const shortcut = input.exceptionNumber ? [{ kind: 'EXCEPTION' as const, exceptionNumber: input.exceptionNumber }] : [];
  const given: CapaSourceInput[] = [...shortcut, ...(input.sources ?? [])];
  if (given.length === 0) throw badInput(LABEL, 'sources', 'a CAPA answers at least one source: an exceptionNumber, or sources (exceptions, audit findings, customer complaints)');
  const fieldOf = (i: number, part: string) => (shortcut.length && i === 0 ? part : `sources[${i - shortcut.length}].${part}`);
  const seen = new Set<string>();
  return given.map((source, i) => {
    const position = i + 1;
    if (source.kind === 'EXCEPTION') {
      const field = fieldOf(i, 'exceptionNumber');
      const number = required(LABEL, field, source.exceptionNumber);
      if (source.reference?.trim()) throw badInput(LABEL, fieldOf(i, 'reference'), 'an exception source is named by its exceptionNumber only');
      if (seen.has(number)) throw badInput(LABEL, field, `exception ${number} is named twice`);
      seen.add(number);
      return { field, source: { position, kind: 'EXCEPTION', exceptionId: null, exceptionNumber: number, reference: null, description: source.description?.trim() || null } };
    }
    if (source.exceptionNumber?.trim()) throw badInput(LABEL, fieldOf(i, 'exceptionNumber'), `a ${source.kind} source is not an exception; name it by its reference`);
    return {
      field: fieldOf(i, 'reference'),
      source: {
        position, kind: source.kind, exceptionId: null, exceptionNumber: null,
        reference: required(LABEL, fieldOf(i, 'reference'), source.reference), description: required(LABEL, fieldOf(i, 'description'), source.description),
      },
    };
  });
}

const unique = (values: Array<string | null | undefined>): string[] => [...new Set(values.filter((v): v is string => Boolean(v)))].sort();

/** What the exceptions concern: equipment, parameters, the affected lots and their materials and suppliers. */
export function scopeOf(exceptions: readonly ExceptionFacts[]): CapaScope {
  const lots = exceptions.flatMap((e) => e.affectedLots);
  return {
    equipmentCodes: unique(exceptions.map((e) => e.equipmentCode)),
    parameters: unique(exceptions.map((e) => e.parameter)),
    materialCodes: unique(lots.map((l) => l.lot?.material?.code)),
    supplierCodes: unique(lots.map((l) => l.lot?.supplier?.code)),
    lotNumbers: unique(lots.map((l) => l.lot?.lotNumber ?? l.lotNumber)),
  };
}

const sameSources = (a: readonly Source[], b: readonly Source[]) =>
  a.length === b.length && a.every((s, i) => s.kind === b[i].kind && s.exceptionNumber === b[i].exceptionNumber && s.reference === b[i].reference);

/**
 * openCapa: checks the input and the exceptions it names (through the graph, as the caller), takes the scope from
 * them, and records the CAPA OPEN with its sources, audited and told, in one transaction. The same request again
 * (same sources, title and problem, not cancelled) answers the CAPA it opened.
 */
export class CapaOpeningService {
  constructor(
    private readonly capas: CapaRepository,
    private readonly sources: CapaSourceRepository,
    private readonly exceptions: ExceptionLookupClient,
    private readonly events: CapaEvents,
    private readonly audit: AuditTrail,
  ) {}

  async open(request: StepRequest<OpenCapaInput>): Promise<CapaEntity> {
    const { input, actor } = request;
    const title = required(LABEL, 'title', input.title);
    const problemStatement = required(LABEL, 'problemStatement', input.problemStatement);
    const riskBefore = validRisk(LABEL, 'riskBefore', input.riskBefore);
    const dueOn = validDueDate(LABEL, 'dueOn', input.dueOn);
    const owner = input.owner === undefined || input.owner === null ? actor.id : required(LABEL, 'owner', input.owner);
    const type = input.type ?? 'CORRECTIVE';
    const given = validSources(input);
    const sources = given.map((g) => g.source);

    const numbers = sources.flatMap((s) => (s.exceptionNumber ? [s.exceptionNumber] : []));
    const found = await this.exceptions.find(numbers, request.caller, `open a CAPA for ${numbers.join(', ')}`);
    const facts: ExceptionFacts[] = [];
    for (const { source, field } of given.filter((g) => g.source.kind === 'EXCEPTION')) {
      const exception = found.get(source.exceptionNumber!);
      if (!exception) throw badInput(LABEL, field, `exception ${source.exceptionNumber} does not exist`);
      source.exceptionId = exception.id;
      facts.push(exception);
    }
    const scope = scopeOf(facts);

    const created = await this.capas.transaction(async (manager) => {
      // One opening at a time: the same request sent twice at once finds the CAPA the first opened.
      await lockKeyUntilCommit(manager, 'capa.open');
      for (const earlier of await this.capas.findSameRequest(title, problemStatement, type, manager)) {
        if (!sameSources(await this.sources.findByCapaIds([earlier.id], manager), sources)) continue;
        const same = canonicalJson({ riskBefore: earlier.riskBefore, owner: earlier.owner, dueOn: earlier.dueOn }) === canonicalJson({ riskBefore, owner, dueOn });
        if (same) return { capa: earlier, isNew: false };
        throw badInput(LABEL, 'title', `${earlier.number} already answers these sources with this title and problem (${earlier.status}, owner ${earlier.owner}, due ${earlier.dueOn}); change that CAPA, or give this one a title of its own`);
      }
      const number = await this.capas.allocateNumber(Number(todayUtc().slice(0, 4)), manager);
      const capa = await this.capas.save({ number, title, type, status: 'OPEN', problemStatement, riskBefore, riskAfter: null, scope, owner, dueOn, createdBy: actor.id }, manager);
      await this.sources.insertAll(sources.map((s) => ({ ...s, capaId: capa.id })), manager);
      await this.audit.record(manager, {
        actor, action: 'OPEN_CAPA', entityType: 'Capa', entityId: number,
        changes: {
          status: { new: 'OPEN' }, title: { new: title }, capaType: { new: type }, problemStatement: { new: problemStatement }, riskBefore: { new: riskBefore },
          sources: { new: sources.map((s) => ({ kind: s.kind, exceptionNumber: s.exceptionNumber, reference: s.reference, description: s.description })) },
          owner: { new: owner }, dueOn: { new: dueOn }, scope: { new: scope },
        },
        requestId: request.requestId,
      });
      await this.events.statusChanged(manager, capa as CapaEntity, null, `${actor.id} opened ${number} (${type}): ${title}`);
      return { capa: capa as CapaEntity, isNew: true };
    });
    if (created.isNew) this.events.deliverSoon();
    return created.capa;
  }
}
