import {
  Kind,
  TypeInfo,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLScalarType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';

/** An input value the graph cannot take: where it was given (input type or Type.field, and field) and why. */
export interface InputRefusal {
  entity: string;
  field: string;
  reason: string;
}

interface Place {
  entity: string;
  field: string;
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A Float literal JavaScript cannot hold: one beyond a double (1e309 reads as Infinity) or one that underflows to 0
 * though its digits are not all zero (1e-400).
 */
function floatLiteralProblem(text: string): string | undefined {
  const value = Number(text);
  if (!Number.isFinite(value)) return `${text} is beyond the range of a Float (a double, about ±1.8e308)`;
  if (value === 0 && /[1-9]/.test(text.split(/[eE]/)[0])) return `${text} is too small for a Float (a double) and would be read as 0`;
  return undefined;
}

/** The first problem of a variable's value (JSON as sent) at a position of the given type. */
function variableProblem(value: unknown, type: GraphQLInputType, place: Place, scalars: ReadonlyMap<string, GraphQLScalarType>): InputRefusal | undefined {
  if (value === null || value === undefined) return undefined;
  if (isNonNullType(type)) return variableProblem(value, type.ofType, place, scalars);
  if (isListType(type)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      const problem = variableProblem(item, type.ofType, place, scalars);
      if (problem) return problem;
    }
    return undefined;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return undefined;
    for (const field of Object.values(type.getFields())) {
      const problem = variableProblem((value as Record<string, unknown>)[field.name], field.type, { entity: type.name, field: field.name }, scalars);
      if (problem) return problem;
    }
    return undefined;
  }
  if (type.name === 'Float' && typeof value === 'number' && !Number.isFinite(value)) return { ...place, reason: `${value} is not a finite number` };
  const scalar = scalars.get(type.name);
  if (!scalar) return undefined;
  try {
    scalar.parseValue(value);
    return undefined;
  } catch (error) {
    return { ...place, reason: reasonOf(error) };
  }
}

/**
 * The first input value of an operation the graph cannot take, checked as the subgraphs will parse it, before the
 * gateway plans the query: a custom scalar (DateTime, Date, JSON: the gateway's own copies of them accept any
 * value, so a bad one would otherwise fail only inside a subgraph) and a Float beyond a double. Literals and
 * variables alike, each named by the input type (or Type.field for an argument) and field it was given in.
 */
export function operationInputProblem(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  scalars: readonly GraphQLScalarType[],
): InputRefusal | undefined {
  const byName = new Map(scalars.map((scalar) => [scalar.name, scalar]));
  const typeInfo = new TypeInfo(schema);
  const places: Place[] = [];
  let refusal: InputRefusal | undefined;
  const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  const checkValue = (node: ValueNode) => {
    // TypeInfo has already entered the node: at a list that is its items' type, the list's own is the parent's.
    const type = node.kind === Kind.LIST ? typeInfo.getParentInputType() : typeInfo.getInputType();
    const place = places.at(-1) ?? { entity: 'operation', field: 'value' };
    if (!type) return undefined;
    if (node.kind === Kind.VARIABLE) {
      refusal = variableProblem(variables[node.name.value], type, place, byName);
      return false;
    }
    // A list's items are visited with their own type.
    if (isListType(isNonNullType(type) ? type.ofType : type)) return undefined;
    const named = getNamedType(type);
    if (named.name === 'Float' && (node.kind === Kind.FLOAT || node.kind === Kind.INT)) {
      const reason = floatLiteralProblem(node.value);
      if (reason) refusal = { ...place, reason };
      return undefined;
    }
    const scalar = byName.get(named.name);
    if (!scalar || node.kind === Kind.NULL) return undefined;
    try {
      scalar.parseLiteral(node, variables);
    } catch (error) {
      refusal = { ...place, reason: reasonOf(error) };
    }
    return false;
  };
  const leave = () => void places.pop();
  const visitor = visitWithTypeInfo(typeInfo, {
    enter(node: ASTNode, key: string | number | undefined) {
      if (refusal) return false;
      switch (node.kind) {
        case Kind.ARGUMENT: {
          const field = typeInfo.getFieldDef();
          const directive = typeInfo.getDirective();
          const owner = directive ? `@${directive.name}` : `${typeInfo.getParentType()?.name ?? 'Query'}.${field?.name ?? '?'}`;
          places.push({ entity: owner, field: node.name.value });
          return undefined;
        }
        case Kind.OBJECT_FIELD: {
          const parent = typeInfo.getParentInputType();
          places.push({ entity: parent ? getNamedType(parent).name : 'input', field: node.name.value });
          return undefined;
        }
        case Kind.VARIABLE_DEFINITION:
          // Only its default value is checked here; the value sent is checked where the variable is used.
          if (!node.defaultValue) return false;
          places.push({ entity: 'variable', field: `$${node.variable.name.value}` });
          return undefined;
        case Kind.VARIABLE:
          return key === 'variable' ? false : checkValue(node);
        case Kind.STRING:
        case Kind.INT:
        case Kind.FLOAT:
        case Kind.OBJECT:
        case Kind.LIST:
        case Kind.NULL:
        case Kind.BOOLEAN:
        case Kind.ENUM:
          return checkValue(node);
        default:
          return undefined;
      }
    },
    leave(node: ASTNode) {
      if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD || node.kind === Kind.VARIABLE_DEFINITION) leave();
    },
  });
  for (const definition of [operation, ...fragments]) {
    visit(definition, visitor);
    if (refusal) return refusal;
  }
  return refusal;
}
