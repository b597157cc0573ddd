import { Kind, type DocumentNode, type SelectionSetNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

/** The one mutation a caller without a token may run: it is how they get one. */
export const ANONYMOUS_MUTATIONS: readonly string[] = ['login'];

/**
 * True when an operation asks for nothing but `__typename` — the one thing an anonymous caller may read
 * (load balancers and the gateway's own probes use it).
 */
export function selectsOnlyTypename(document: DocumentNode, operationName?: string | null): boolean {
  const fragments = fragmentsOf(document);
  return chosenOperations(document, operationName).every((op) => onlyTypename(op.selectionSet, fragments, new Set()));
}

/**
 * True when a caller without a token may run the operation: it asks for nothing but `__typename`, or it is a
 * mutation whose root fields are only `login` (and `__typename`). Fragments at the root are not accepted, so
 * nothing else can ride along with a login.
 */
export function anonymousMayRun(document: DocumentNode, operationName?: string | null): boolean {
  const fragments = fragmentsOf(document);
  return chosenOperations(document, operationName).every(
    (op) =>
      onlyTypename(op.selectionSet, fragments, new Set()) ||
      (op.operation === 'mutation' &&
        op.selectionSet.selections.every(
          (s) => s.kind === Kind.FIELD && (s.name.value === '__typename' || ANONYMOUS_MUTATIONS.includes(s.name.value)),
        )),
  );
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

function chosenOperations(document: DocumentNode, operationName?: string | null): OperationDefinitionNode[] {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.filter((op) => op.name?.value === operationName) : operations;
}

function onlyTypename(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): boolean {
  return set.selections.every((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === '__typename';
    if (selection.kind === Kind.INLINE_FRAGMENT) return onlyTypename(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    if (seen.has(name)) return true;
    seen.add(name);
    const fragment = fragments.get(name);
    return fragment ? onlyTypename(fragment.selectionSet, fragments, seen) : false;
  });
}
