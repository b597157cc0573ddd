import { FIELD_DICTIONARY } from '@lotgraph/schema';

/** Query.fieldDictionary: the canonical fields, as the adapters map onto them (schema/src/field-dictionary.ts). */
export function fieldDictionaryResolvers() {
  const fields = FIELD_DICTIONARY.map((field) => ({
    name: field.name,
    type: field.type,
    unit: field.unit ?? null,
    labelEn: field.label.en,
    labelZh: field.label.zh,
    description: field.description ?? null,
    synonyms: field.synonyms,
  }));
  return { Query: { fieldDictionary: () => fields } };
}
