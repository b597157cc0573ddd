import type { LotStatus } from '../lot/lot.entity';

/** CBV 2.0 business steps and dispositions this export uses (bare names, as EPCIS 2.0 JSON-LD writes them). */
export type BizStep = 'receiving' | 'shipping' | 'holding' | 'inspecting' | 'creating_class_instance';
export type Disposition = 'in_progress' | 'in_transit' | 'active' | 'non_sellable_other' | 'recalled' | 'conformant' | 'non_conformant';

/**
 * What a lot status change says in CBV terms. A hold segregates the lot for review (holding, non-sellable);
 * a recall marks it recalled; release and rejection are the outcome of a quality review (inspecting, with
 * the CBV 2.0 conformant / non_conformant dispositions). Entering QUARANTINE is not exported on its own: the
 * receiving or production event already records the lot coming into being.
 */
export const STATUS_EVENTS: Partial<Record<LotStatus, { bizStep: BizStep; disposition: Disposition }>> = {
  ON_HOLD: { bizStep: 'holding', disposition: 'non_sellable_other' },
  RECALLED: { bizStep: 'holding', disposition: 'recalled' },
  RELEASED: { bizStep: 'inspecting', disposition: 'conformant' },
  REJECTED: { bizStep: 'inspecting', disposition: 'non_conformant' },
};

/** Master data vocabulary types and attributes (EPCIS 2.0 §7.3.5, CBV location and party master data). */
export const VTYPE = {
  readPoint: 'urn:epcglobal:epcis:vtype:ReadPoint',
  bizLocation: 'urn:epcglobal:epcis:vtype:BusinessLocation',
  sourceDest: 'urn:epcglobal:epcis:vtype:SourceDest',
} as const;

export const MDA = {
  name: 'urn:epcglobal:cbv:mda#name',
  countryCode: 'urn:epcglobal:cbv:mda#countryCode',
} as const;

export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
