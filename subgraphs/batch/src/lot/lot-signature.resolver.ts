import { shown, type SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { LotEntity } from './lot.entity';
import { lotContentHash } from './lot-content';

type Context = SubgraphContext<BatchLoaders>;

/** A lot's signatures, each shown valid only while the lot's content is what was signed. */
async function signaturesOf(lot: LotEntity, ctx: Context) {
  const current = lotContentHash(lot);
  return (await ctx.loaders.signaturesByLotNumber.load(lot.lotNumber)).map((signature) => shown(signature, current));
}

export function lotSignatureResolvers() {
  return {
    Lot: {
      contentHash: (lot: LotEntity) => lotContentHash(lot),
      signatures: (lot: LotEntity, _: unknown, ctx: Context) => signaturesOf(lot, ctx),
    },
    LotDossier: {
      signatures: ({ lot }: { lot: LotEntity }, _: unknown, ctx: Context) => signaturesOf(lot, ctx),
    },
  };
}
