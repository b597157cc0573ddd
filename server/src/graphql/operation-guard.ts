import { Kind, type DocumentNode, type SelectionSetNode, type FragmentDefinitionNode } from 'graphql';

/**
 * True when an operation asks for nothing but `__typename` — the one thing an anonymous caller may read
 * (load balancers and the gateway's own probes use it).
 */
export function selectsOnlyTypename(document: DocumentNode, operationName?: string | null): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const chosen = operationName ? operations.filter((op) => op.name?.value === operationName) : operations;
  return chosen.every((op) => onlyTypename(op.selectionSet, fragments, new Set()));
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
