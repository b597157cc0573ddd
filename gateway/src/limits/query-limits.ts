import {
  GraphQLError,
  Kind,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, ErrorCode } from '@lotgraph/server';
import { message, type Locale, type MessageKey } from '@lotgraph/schema';
import { COSTLY_FIELDS } from './costly-fields';

/** Lists without a `first` argument are assumed to hold this many items when estimating cost. */
export const ASSUMED_LIST_SIZE = 10;

export interface QueryMeasure {
  depth: number;
  cost: number;
  /** Fields asked under an alias other than their name (a fragment's, in each selection it is spread into). */
  aliases: number;
  /** The names (response keys) under which the operation asks each field that may be asked once (COSTLY_FIELDS). */
  onceFields: Readonly<Record<string, readonly string[]>>;
}

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
}

const NOTHING: QueryMeasure = { depth: 0, cost: 0, aliases: 0, onceFields: {} };

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** Each fragment measured once, however often it is spread: fragments spreading fragments cannot blow the walk up. */
  measured: Map<string, QueryMeasure>;
}

type OnceFields = QueryMeasure['onceFields'];

function merged(a: OnceFields, b: OnceFields): OnceFields {
  if (Object.keys(b).length === 0) return a;
  if (Object.keys(a).length === 0) return b;
  const union: Record<string, readonly string[]> = { ...a };
  for (const [field, keys] of Object.entries(b)) union[field] = [...new Set([...(union[field] ?? []), ...keys])];
  return union;
}

/**
 * Measures an operation before it runs: depth is the deepest nesting of fields; cost counts every field (and a
 * costly field's weight, COSTLY_FIELDS), multiplied by the page size (`first`) of connections and by an assumed size
 * for other lists; aliases counts the fields asked under another name. Introspection fields are free, so GraphiQL's
 * schema query always passes.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> = {},
): QueryMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return NOTHING;
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root) return NOTHING;
  // Variables the caller left out count at their declared defaults.
  const withDefaults: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue?.kind === Kind.INT) withDefaults[definition.variable.name.value] = Number(definition.defaultValue.value);
  }
  for (const [name, value] of Object.entries(variables)) if (value !== undefined && value !== null) withDefaults[name] = value;
  return measureSet(operation.selectionSet, root, { schema, fragments, variables: withDefaults, measured: new Map() }, new Set());
}

/** `spread`: the fragments already spread into this selection, which GraphQL answers once however often they are. */
function measureSet(set: SelectionSetNode, parent: GraphQLNamedType, walk: Walk, visiting: Set<string>, spread = new Set<string>()): QueryMeasure {
  let depth = 0;
  let cost = 0;
  let aliases = 0;
  let onceFields: OnceFields = {};
  for (const selection of set.selections) {
    let measure: QueryMeasure | undefined;
    if (selection.kind === Kind.FIELD) {
      measure = measureField(selection, parent, walk, visiting);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      measure = measureSet(selection.selectionSet, type ?? parent, walk, visiting, spread);
    } else if (!spread.has(selection.name.value)) {
      spread.add(selection.name.value);
      measure = measureFragment(selection.name.value, parent, walk, visiting);
    }
    if (!measure) continue;
    depth = Math.max(depth, measure.depth);
    cost += measure.cost;
    aliases += measure.aliases;
    onceFields = merged(onceFields, measure.onceFields);
  }
  return { depth, cost, aliases, onceFields };
}

function measureFragment(name: string, parent: GraphQLNamedType, walk: Walk, visiting: Set<string>): QueryMeasure | undefined {
  const known = walk.measured.get(name);
  if (known) return known;
  const fragment = walk.fragments.get(name);
  if (!fragment || visiting.has(name)) return undefined;
  visiting.add(name);
  const measure = measureSet(fragment.selectionSet, walk.schema.getType(fragment.typeCondition.name.value) ?? parent, walk, visiting);
  visiting.delete(name);
  walk.measured.set(name, measure);
  return measure;
}

function measureField(field: FieldNode, parent: GraphQLNamedType, walk: Walk, visiting: Set<string>): QueryMeasure {
  // Introspection is free here; graphql-js's own rule (run by Apollo Server) bounds its nesting.
  if (field.name.value.startsWith('__')) return NOTHING;
  const aliased = field.alias && field.alias.value !== field.name.value ? 1 : 0;
  const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[field.name.value] : undefined;
  if (!definition) return { depth: 1, cost: 1, aliases: aliased, onceFields: {} };
  const children = field.selectionSet
    ? measureSet(field.selectionSet, getNamedType(definition.type), walk, visiting)
    : NOTHING;
  const multiplier = itemCount(field, definition, walk.variables);
  const coordinate = `${parent.name}.${field.name.value}`;
  const costly = COSTLY_FIELDS[coordinate];
  return {
    depth: children.depth + 1,
    // A costly field's weight is paid once per answer of it, however long the list it answers.
    cost: (costly?.weight ?? 0) + multiplier * (1 + children.cost),
    aliases: aliased + children.aliases,
    onceFields: costly?.once ? merged(children.onceFields, { [coordinate]: [field.alias?.value ?? field.name.value] }) : children.onceFields,
  };
}

function itemCount(field: FieldNode, definition: GraphQLField<unknown, unknown>, variables: Record<string, unknown>): number {
  const type: GraphQLOutputType = definition.type;
  const first = field.arguments?.find((arg) => arg.name.value === 'first');
  // Without `first`, a list field counts at its declared default page size, or the server's default.
  const declared = definition.args.find((arg) => arg.name === 'first')?.defaultValue;
  const fallback = typeof declared === 'number' ? declared : DEFAULT_PAGE_SIZE;
  if (first) return Math.max(1, Number(valueOf(first.value, variables) ?? fallback) || fallback);
  if (definition.args.some((arg) => arg.name === 'first')) return fallback;
  // A connection's edges are already counted by the connection's `first`.
  if (field.name.value === 'edges') return 1;
  const unwrapped = isNonNullType(type) ? type.ofType : type;
  return isListType(unwrapped) ? ASSUMED_LIST_SIZE : 1;
}

function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}

function refusal(locale: Locale, key: MessageKey, code: string, params: Record<string, string | number>): GraphQLError {
  return new GraphQLError(message(locale, key, params), { extensions: { code, ...params, http: { status: 400 } } });
}

/** Refuses an operation over a limit before anything of it runs: 400, the limit named, in the caller's language. */
export function checkQueryLimits(measure: QueryMeasure, limits: QueryLimits, locale: Locale = 'en'): void {
  for (const [field, names] of Object.entries(measure.onceFields)) {
    if (names.length > 1) throw refusal(locale, 'error.fieldOncePerOperation', ErrorCode.queryTooComplex, { field, times: names.length, maxTimes: 1 });
  }
  if (measure.aliases > limits.maxAliases) {
    throw refusal(locale, 'error.tooManyAliases', ErrorCode.tooManyAliases, { aliases: measure.aliases, maxAliases: limits.maxAliases });
  }
  if (measure.depth > limits.maxDepth) {
    throw refusal(locale, 'error.queryTooDeep', ErrorCode.queryTooDeep, { depth: measure.depth, maxDepth: limits.maxDepth });
  }
  if (measure.cost > limits.maxCost) {
    throw refusal(locale, 'error.queryTooComplex', ErrorCode.queryTooComplex, { cost: measure.cost, maxCost: limits.maxCost });
  }
}
