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

/** Lists without a `first` argument are assumed to hold this many items when estimating cost. */
export const ASSUMED_LIST_SIZE = 10;

export interface QueryMeasure {
  depth: number;
  cost: number;
}

const NOTHING: QueryMeasure = { depth: 0, cost: 0 };

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

/**
 * Measures an operation before it runs: depth is the deepest nesting of fields; cost counts every field,
 * multiplied by the page size (`first`) of connections and by an assumed size for other lists. Introspection
 * fields are free, so GraphiQL's schema query always passes.
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
  return measureSet(operation.selectionSet, root, { schema, fragments, variables: withDefaults }, new Set());
}

function measureSet(set: SelectionSetNode, parent: GraphQLNamedType, walk: Walk, visiting: Set<string>): QueryMeasure {
  let depth = 0;
  let cost = 0;
  for (const selection of set.selections) {
    let measure: QueryMeasure;
    if (selection.kind === Kind.FIELD) {
      measure = measureField(selection, parent, walk, visiting);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      measure = measureSet(selection.selectionSet, type ?? parent, walk, visiting);
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments.get(name);
      if (!fragment || visiting.has(name)) continue;
      visiting.add(name);
      measure = measureSet(fragment.selectionSet, walk.schema.getType(fragment.typeCondition.name.value) ?? parent, walk, visiting);
      visiting.delete(name);
    }
    depth = Math.max(depth, measure.depth);
    cost += measure.cost;
  }
  return { depth, cost };
}

function measureField(field: FieldNode, parent: GraphQLNamedType, walk: Walk, visiting: Set<string>): QueryMeasure {
  // Introspection is free here; graphql-js's own rule (run by Apollo Server) bounds its nesting.
  if (field.name.value.startsWith('__')) return NOTHING;
  const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[field.name.value] : undefined;
  if (!definition) return { depth: 1, cost: 1 };
  const children = field.selectionSet
    ? measureSet(field.selectionSet, getNamedType(definition.type), walk, visiting)
    : NOTHING;
  const multiplier = itemCount(field, definition, walk.variables);
  return { depth: children.depth + 1, cost: multiplier * (1 + children.cost) };
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

export function checkQueryLimits(measure: QueryMeasure, limits: { maxDepth: number; maxCost: number }): void {
  if (measure.depth > limits.maxDepth) {
    throw new GraphQLError(
      `Query is ${measure.depth} levels deep; the limit is ${limits.maxDepth} (LOTGRAPH_MAX_DEPTH). Split it into smaller queries.`,
      { extensions: { code: ErrorCode.queryTooDeep, depth: measure.depth, maxDepth: limits.maxDepth, http: { status: 400 } } },
    );
  }
  if (measure.cost > limits.maxCost) {
    throw new GraphQLError(
      `Query cost is estimated at ${measure.cost}; the limit is ${limits.maxCost} (LOTGRAPH_MAX_COST). Ask for smaller pages (first) or fewer nested lists.`,
      { extensions: { code: ErrorCode.queryTooComplex, cost: measure.cost, maxCost: limits.maxCost, http: { status: 400 } } },
    );
  }
}
