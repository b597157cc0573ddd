import {
  Kind,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** One field an operation selects, named by its schema coordinate (`Lot.exceptions`). */
export interface SelectedField {
  coordinate: string;
  /** A Query, Mutation or Subscription field. */
  root: boolean;
}

/**
 * Every field an operation selects, once each, through fragments and inline fragments (so the fields a
 * gateway asks for inside `_entities(...) { ... on Lot { exceptions } }` count as `Lot.exceptions`).
 * Meta fields (`__typename`, `__schema`, `__type`) are left out.
 */
export function selectedFields(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): SelectedField[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const rootTypes = new Set<GraphQLCompositeType>();
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) if (type) rootTypes.add(type);
  const found = new Map<string, SelectedField>();
  const spread = new Set<string>();

  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        const coordinate = `${parent.name}.${name}`;
        if (!found.has(coordinate)) found.set(coordinate, { coordinate, root: rootTypes.has(parent) });
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
        const type = field && getNamedType(field.type);
        if (selection.selectionSet && type && isCompositeType(type)) walk(selection.selectionSet, type);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, typeNamed(schema, selection.typeCondition?.name.value) ?? parent);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || spread.has(name)) continue;
        spread.add(name);
        walk(fragment.selectionSet, typeNamed(schema, fragment.typeCondition.name.value) ?? parent);
      }
    }
  };

  const root = schema.getRootType(operation.operation);
  if (root) walk(operation.selectionSet, root);
  return [...found.values()];
}

function typeNamed(schema: GraphQLSchema, name: string | undefined): GraphQLCompositeType | undefined {
  const type = name ? schema.getType(name) : undefined;
  return type && isCompositeType(type) ? type : undefined;
}
