import type { CapaSourceEntity } from './capa-source.entity';

/** A CAPA's sources; an exception source is the quality domain's exception, resolved by the gateway. */
export function capaSourceResolvers() {
  return {
    CapaSource: {
      exception: (source: CapaSourceEntity) => (source.exceptionId ? { __typename: 'QualityException', id: source.exceptionId } : null),
    },
  };
}
