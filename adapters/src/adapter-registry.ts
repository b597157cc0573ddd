import type { Adapter } from './kit/ingest-types';
import { limsCsvAdapter } from './lims/lims-csv.adapter';
import { limsJsonAdapter } from './lims/lims-json.adapter';

/** Every built-in adapter, by the name `npx lotgraph ingest <adapter>` and POST /ingest/<adapter> take. */
export const ADAPTERS: Record<string, Adapter<unknown, Record<string, unknown>>> = {
  [limsCsvAdapter.name]: limsCsvAdapter as unknown as Adapter<unknown, Record<string, unknown>>,
  [limsJsonAdapter.name]: limsJsonAdapter as unknown as Adapter<unknown, Record<string, unknown>>,
};
