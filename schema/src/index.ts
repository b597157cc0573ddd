export * from './supergraph';
export * from './field-dictionary';
export * from './sdl-imports';
export * from './messages';
export * from './audited-records';
