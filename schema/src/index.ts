export * from './supergraph';
export * from './field-dictionary';
