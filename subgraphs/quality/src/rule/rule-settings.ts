import { badInput, isDateProblem, parseInstant } from '@lotgraph/server';
import { needsCentreLine } from '../spc/nelson-tests';
import { SPC_CONVENTIONS, TEST_SETTINGS, isWesternElectricTest, kProblem } from '../spc/spc-conventions';
import { centreLineSource } from '../spc/spc-input';
import { MAX_CAPABILITY_WINDOW } from './rule-evaluator';
import { ANY_SUBJECT, SPC_RULE_TESTS, isLotRuleKind, isSpcKind, type ReadingRuleKind, type RuleKind, type RuleSettings } from './rule-kind';

export interface RuleDefinition {
  code: string;
  kind: RuleKind;
  parameter: string;
  settings?: RuleSettings | null;
}

/**
 * The chart an SPC rule works on: a baseline window of the series, or a given centre line and σ. Tests 3 and 4 use
 * none, but take (and check) them as every SPC kind does.
 */
const CHART_SETTINGS = ['baselineFrom', 'baselineTo', 'centre', 'sigma'];

/** The settings each reading rule takes besides windowMinutes; any other is refused, naming it. */
function settingsOf(kind: ReadingRuleKind): string[] {
  if (isSpcKind(kind)) {
    const test = SPC_RULE_TESTS[kind];
    return [...CHART_SETTINGS, TEST_SETTINGS[test], ...(isWesternElectricTest(test) ? ['convention'] : [])];
  }
  if (kind === 'CPK_BELOW') return ['minCpk', 'windowReadings'];
  if (kind === 'PPK_BELOW') return ['minPpk', 'windowReadings'];
  return [];
}

const POSITIVE = ['minCpk', 'minPpk', 'windowMinutes'];
const LOT_USES = ['CONSUME', 'MOVE', 'SHIP'];

/** Why a reading rule's setting has a value it cannot take, or null. */
function problem(kind: ReadingRuleKind, name: string, value: unknown): string | null {
  if (isSpcKind(kind) && name === TEST_SETTINGS[SPC_RULE_TESTS[kind]]) return kProblem(SPC_RULE_TESTS[kind], value);
  // Whether σ is positive is the centre line's check (centreLineSource), with the rest of it.
  if (name === 'centre' || name === 'sigma') return typeof value === 'number' && Number.isFinite(value) ? null : `must be a number, not ${JSON.stringify(value)}`;
  if (POSITIVE.includes(name)) return typeof value === 'number' && value > 0 && Number.isFinite(value) ? null : `must be a positive number, not ${JSON.stringify(value)}`;
  if (name === 'windowReadings') {
    if (typeof value !== 'number' || !(value > 0)) return `must be a positive number, not ${JSON.stringify(value)}`;
    // A capability needs a spread.
    if (!Number.isInteger(value) || value < 2) return `must be a whole number of readings, at least 2, not ${JSON.stringify(value)}`;
    // Every ingest reads that much of each series' history before its readings.
    return value > MAX_CAPABILITY_WINDOW ? `must be at most ${MAX_CAPABILITY_WINDOW} readings (each reading is judged with that many readings ending at it), not ${value}` : null;
  }
  if (name === 'baselineFrom' || name === 'baselineTo') {
    const parsed = parseInstant(value);
    return isDateProblem(parsed) ? parsed.reason : null;
  }
  if (name === 'convention') {
    return (SPC_CONVENTIONS as readonly unknown[]).includes(value) ? null : `must be ${SPC_CONVENTIONS.join(' or ')}, not ${JSON.stringify(value)}`;
  }
  return null;
}

const instant = (value: string | undefined): Date | null => (value === undefined ? null : (parseInstant(value) as Date));

function validReadingRuleSettings(kind: ReadingRuleKind, label: string, settings: RuleSettings): RuleSettings {
  const allowed = [...settingsOf(kind), 'windowMinutes'];
  for (const [name, value] of Object.entries(settings)) {
    if (!allowed.includes(name)) {
      const westernElectric = name === 'convention' && isSpcKind(kind) ? ` (the Western Electric rules are tests 1, 5, 6 and 2; ${kind} is not one)` : '';
      throw badInput(label, `settings.${name}`, `unknown setting for ${kind}${westernElectric}; known: ${allowed.join(', ')}`);
    }
    const why = problem(kind, name, value);
    if (why) throw badInput(label, `settings.${name}`, why);
  }
  if (isSpcKind(kind)) {
    const source = centreLineSource(label, { baselineFrom: instant(settings.baselineFrom), baselineTo: instant(settings.baselineTo), centre: settings.centre, sigma: settings.sigma }, 'settings.');
    if (source.from === 'READINGS' && needsCentreLine(SPC_RULE_TESTS[kind])) throw badInput(label, 'settings', `${kind} needs a baseline: baselineFrom and baselineTo, or centre and sigma`);
  }
  return settings;
}

/** A lot rule's settings: tolerances for COA_DISAGREEMENT (at least one), none for the others. */
function validLotRuleSettings(input: RuleDefinition, label: string, settings: RuleSettings): RuleSettings {
  const allowed = input.kind === 'COA_DISAGREEMENT' ? ['absoluteTolerance', 'relativeTolerance'] : [];
  for (const [name, value] of Object.entries(settings)) {
    if (!allowed.includes(name)) {
      throw badInput(label, `settings.${name}`, `unknown setting for ${input.kind}; ${allowed.length ? `known: ${allowed.join(', ')}` : 'it takes none'}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw badInput(label, `settings.${name}`, `must be a number of at least 0, not ${JSON.stringify(value)}`);
  }
  if (input.kind === 'COA_DISAGREEMENT' && settings.absoluteTolerance === undefined && settings.relativeTolerance === undefined) {
    throw badInput(label, 'settings', 'COA_DISAGREEMENT needs a tolerance: absoluteTolerance (in the test unit) and/or relativeTolerance (a fraction of the CoA value)');
  }
  if (input.kind === 'HELD_LOT_USE' && input.parameter.trim() !== ANY_SUBJECT && !LOT_USES.includes(input.parameter.trim())) {
    throw badInput(label, 'parameter', `HELD_LOT_USE judges a refused use of a lot: ${LOT_USES.join(', ')} or ${ANY_SUBJECT} for any, not ${input.parameter.trim()}`);
  }
  return settings;
}

/** A rule's settings as given, once every one is known to its kind and of a value it can take; else a BAD_USER_INPUT naming it. */
export function validRuleSettings(input: RuleDefinition): RuleSettings {
  const label = `QualityRule ${input.code}`;
  const settings = input.settings ?? {};
  if (typeof settings !== 'object' || Array.isArray(settings)) throw badInput(label, 'settings', 'must be a JSON object');
  if (isLotRuleKind(input.kind)) return validLotRuleSettings(input, label, settings);
  return validReadingRuleSettings(input.kind, label, settings);
}
