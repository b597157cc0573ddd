/**
 * The shape of the generated plant: a syringe plant like the demo one, at scale. Supplier lots (resin,
 * masterbatch, gaskets, needles, blister packs) feed moulded barrels and plunger rods, which are assembled
 * with gaskets into syringe assemblies, which are packed with needles into finished, GTIN-labelled lots.
 *
 * Every produced lot names the lots it consumed (fan-in); a consumed lot is picked among the lots of its
 * material made at about the same time, so one resin lot feeds a run of consecutive moulding lots (fan-out)
 * and neighbouring finished lots share ancestors (diamonds), as on a real shop floor.
 */
export const GENERATOR_VERSION = 'syringe-plant-v1';

export type MaterialClass = 'RAW' | 'COMPONENT' | 'SUBASSEMBLY' | 'FINISHED_DEVICE';

/** Where a material sits in the genealogy: traces upstream start at FINISHED lots, downstream at SUPPLIED ones. */
export type PlantLevel = 'SUPPLIED' | 'MOULDED' | 'ASSEMBLED' | 'FINISHED';

export interface InputSpec {
  /** Key of the consumed material. */
  material: string;
  /** How many lots of it each produced lot consumes. */
  lots: number;
  /** Quantity consumed from each of those lots, in the consumed material's unit. */
  quantity: [min: number, max: number];
}

export interface MaterialSpec {
  key: string;
  code: string;
  name: string;
  materialClass: MaterialClass;
  critical: boolean;
  uom: string;
  level: PlantLevel;
  /** Lot number prefix: `BRL-0001234`. */
  prefix: string;
  /** Lots of this material per 1,000 lots of the plant; the finished material takes what is left. */
  perMille: number;
  lotQuantity: number;
  gtin?: string;
  suppliers?: string[];
  inputs?: InputSpec[];
  operation?: string;
  equipment?: string[];
  /** Process parameter set on each run: name, unit, lowest value, spread. */
  parameter?: { name: string; unit: string; base: number; spread: number };
}

/** GS1 check digit for the first 13 digits of a GTIN-14. */
function gtin14(first13: string): string {
  const sum = [...first13].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 3 : 1), 0);
  return `${first13}${(10 - (sum % 10)) % 10}`;
}

export const SUPPLIERS = [
  { code: 'BSUP-NPR', name: 'NordPoly Resins GmbH', country: 'DE' },
  { code: 'BSUP-HME', name: 'Huamei Polymer & Elastomer Co., Ltd.', country: 'CN' },
  { code: 'BSUP-CLR', name: 'Colorant Masterbatch Srl', country: 'IT' },
  { code: 'BSUP-NDL', name: 'Precision Needle Works KK', country: 'JP' },
  { code: 'BSUP-PKG', name: 'Sterile Barrier Packaging Ltd.', country: 'GB' },
];

export const CUSTOMERS = Array.from({ length: 12 }, (_, i) => ({
  code: `BCUS-${String(i + 1).padStart(2, '0')}`,
  name: `Hospital distributor ${i + 1}`,
  country: ['DE', 'CN', 'FR', 'US', 'JP', 'BR'][i % 6],
}));

export const EQUIPMENT: Array<{ code: string; name: string; level: string; parent?: string }> = [
  { code: 'BSZ', name: 'Bench plant', level: 'SITE' },
  { code: 'BSZ-MOULD', name: 'Moulding hall', level: 'AREA', parent: 'BSZ' },
  { code: 'BSZ-ASSY', name: 'Assembly and packing', level: 'AREA', parent: 'BSZ' },
  { code: 'BIM-LINE', name: 'Injection moulding line', level: 'WORK_CENTER', parent: 'BSZ-MOULD' },
  { code: 'BASSY-LINE', name: 'Assembly line', level: 'WORK_CENTER', parent: 'BSZ-ASSY' },
  { code: 'BPACK-LINE', name: 'Blister packing line', level: 'WORK_CENTER', parent: 'BSZ-ASSY' },
  ...Array.from({ length: 8 }, (_, i) => ({ code: `BIMM-${i + 1}`, name: `Injection moulding machine ${i + 1}`, level: 'WORK_UNIT', parent: 'BIM-LINE' })),
  ...Array.from({ length: 4 }, (_, i) => ({ code: `BASM-${i + 1}`, name: `Syringe assembler ${i + 1}`, level: 'WORK_UNIT', parent: 'BASSY-LINE' })),
  ...Array.from({ length: 2 }, (_, i) => ({ code: `BPKL-${i + 1}`, name: `Blister packer ${i + 1}`, level: 'WORK_UNIT', parent: 'BPACK-LINE' })),
];

export const MATERIALS: MaterialSpec[] = [
  { key: 'PP', code: 'BRM-PP', name: 'Polypropylene resin, medical grade', materialClass: 'RAW', critical: true, uom: 'kg', level: 'SUPPLIED', prefix: 'RPP', perMille: 6, lotQuantity: 1000, suppliers: ['BSUP-NPR', 'BSUP-HME'] },
  { key: 'PE', code: 'BRM-PE', name: 'Polyethylene resin', materialClass: 'RAW', critical: false, uom: 'kg', level: 'SUPPLIED', prefix: 'RPE', perMille: 4, lotQuantity: 1000, suppliers: ['BSUP-NPR', 'BSUP-HME'] },
  { key: 'MB', code: 'BRM-MB', name: 'Colour masterbatch', materialClass: 'RAW', critical: false, uom: 'kg', level: 'SUPPLIED', prefix: 'RMB', perMille: 2, lotQuantity: 250, suppliers: ['BSUP-CLR'] },
  { key: 'GSK', code: 'BCP-GSK', name: 'Synthetic isoprene piston gasket', materialClass: 'COMPONENT', critical: true, uom: 'pcs', level: 'SUPPLIED', prefix: 'GSK', perMille: 3, lotQuantity: 500000, suppliers: ['BSUP-HME'] },
  { key: 'NDL', code: 'BCP-NDL', name: 'Hypodermic needle 23G', materialClass: 'COMPONENT', critical: true, uom: 'pcs', level: 'SUPPLIED', prefix: 'NDL', perMille: 3, lotQuantity: 500000, suppliers: ['BSUP-NDL'] },
  { key: 'PKB', code: 'BPK-BLS', name: 'Blister pack with Tyvek lid', materialClass: 'RAW', critical: false, uom: 'pcs', level: 'SUPPLIED', prefix: 'PKB', perMille: 2, lotQuantity: 800000, suppliers: ['BSUP-PKG'] },
  {
    key: 'BRL', code: 'BCP-BRL', name: 'Moulded barrel, 3 mL', materialClass: 'COMPONENT', critical: true, uom: 'pcs', level: 'MOULDED', prefix: 'BRL', perMille: 190, lotQuantity: 48000,
    inputs: [{ material: 'PP', lots: 2, quantity: [90, 160] }, { material: 'MB', lots: 1, quantity: [2, 5] }],
    operation: 'MOULDING', equipment: ['BIMM-1', 'BIMM-2', 'BIMM-3', 'BIMM-4'], parameter: { name: 'barrel_temp_zone3', unit: '°C', base: 222, spread: 10 },
  },
  {
    key: 'PLG', code: 'BCP-PLG', name: 'Moulded plunger rod, 3 mL', materialClass: 'COMPONENT', critical: false, uom: 'pcs', level: 'MOULDED', prefix: 'PLG', perMille: 190, lotQuantity: 96000,
    inputs: [{ material: 'PE', lots: 1, quantity: [200, 320] }, { material: 'MB', lots: 1, quantity: [2, 5] }],
    operation: 'MOULDING', equipment: ['BIMM-5', 'BIMM-6', 'BIMM-7', 'BIMM-8'], parameter: { name: 'barrel_temp_zone3', unit: '°C', base: 210, spread: 10 },
  },
  {
    key: 'ASY', code: 'BSA-SYR', name: 'Syringe assembly, 3 mL', materialClass: 'SUBASSEMBLY', critical: true, uom: 'pcs', level: 'ASSEMBLED', prefix: 'ASY', perMille: 300, lotQuantity: 24000,
    inputs: [{ material: 'BRL', lots: 2, quantity: [10000, 14000] }, { material: 'PLG', lots: 1, quantity: [24000, 24000] }, { material: 'GSK', lots: 1, quantity: [24000, 24000] }],
    operation: 'ASSEMBLY', equipment: ['BASM-1', 'BASM-2', 'BASM-3', 'BASM-4'], parameter: { name: 'gasket_insertion_force', unit: 'N', base: 38, spread: 8 },
  },
  {
    key: 'SYR', code: 'BFG-SYR-3ML', name: 'Sterile disposable syringe 3 mL with needle', materialClass: 'FINISHED_DEVICE', critical: true, uom: 'pcs', level: 'FINISHED', prefix: 'SYR', perMille: 0, lotQuantity: 24000, gtin: gtin14('0697123459001'),
    inputs: [{ material: 'ASY', lots: 2, quantity: [12000, 12000] }, { material: 'NDL', lots: 1, quantity: [24000, 24000] }, { material: 'PKB', lots: 1, quantity: [24000, 24000] }],
    operation: 'PACKING', equipment: ['BPKL-1', 'BPKL-2'], parameter: { name: 'seal_temperature', unit: '°C', base: 140, spread: 6 },
  },
];

export const MIN_LOTS = 500;

/** Lots of each material for a plant of `total` lots; the finished material takes the remainder. */
export function lotCounts(total: number): Map<string, number> {
  if (!Number.isInteger(total) || total < MIN_LOTS) throw new Error(`--lots must be a whole number of at least ${MIN_LOTS}, got ${total}`);
  const counts = new Map<string, number>();
  let used = 0;
  for (const material of MATERIALS) {
    if (material.level === 'FINISHED') continue;
    const count = Math.max(4, Math.floor((total * material.perMille) / 1000));
    counts.set(material.key, count);
    used += count;
  }
  for (const material of MATERIALS.filter((m) => m.level === 'FINISHED')) counts.set(material.key, total - used);
  return counts;
}

export function lotNumber(material: MaterialSpec, index: number): string {
  return `${material.prefix}-${String(index).padStart(7, '0')}`;
}

export function materialByKey(key: string): MaterialSpec {
  const material = MATERIALS.find((m) => m.key === key);
  if (!material) throw new Error(`no material ${key}`);
  return material;
}

/**
 * `count` distinct lot numbers from the materials of one level, each lot equally likely, drawn with a fixed seed.
 */
export function sampleLots(level: PlantLevel, count: number, totalLots: number, random: () => number): string[] {
  const counts = lotCounts(totalLots);
  const pool = MATERIALS.filter((m) => m.level === level).map((m) => ({ material: m, count: counts.get(m.key)! }));
  const size = pool.reduce((sum, entry) => sum + entry.count, 0);
  const picked = new Set<string>();
  const wanted = Math.min(count, size);
  while (picked.size < wanted) {
    let index = Math.floor(random() * size);
    for (const entry of pool) {
      if (index < entry.count) {
        picked.add(lotNumber(entry.material, index + 1));
        break;
      }
      index -= entry.count;
    }
  }
  return [...picked];
}
