import { startTestGraph, type TestGraph } from './support/test-graph';
// The schema loader lives with the batch subgraph's tests, which own the export; it reads the GS1 files from
// ../shared/reference/epcis/JSON-Schema/ beside the repository.
import { validateEpcis } from '../../subgraphs/batch/test/support/epcis-schema';

type Event = Record<string, unknown> & { eventID: string; bizStep?: string };
type ExportAnswer = { epcisExport: { type: string; epcisBody: { eventList: Event[] } } };

const EXPORT = `query ($lot: String!, $direction: TraceDirection!) { epcisExport(lotNumber: $lot, direction: $direction) }`;

describe('EPCIS export through the gateway', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });

  afterAll(async () => {
    await graph.stop();
  });

  const exportDownstream = async (lot: string) => {
    const answer = await graph.query<ExportAnswer>(EXPORT, { variables: { lot, direction: 'DOWNSTREAM' }, token: graph.tokenFor('auditor') });
    expect(answer.errors).toBeUndefined();
    return answer.data!.epcisExport;
  };

  it('answers an auditor with a document that validates against the GS1 EPCIS 2.0 schema', async () => {
    const doc = await exportDownstream('RPP-2611-002');
    expect(validateEpcis(doc)).toEqual({ valid: true, errors: [] });
    expect(doc.type).toBe('EPCISDocument');
    expect(doc.epcisBody.eventList.filter((e) => e.bizStep === 'shipping')).toHaveLength(2);
  });

  it('adds a new shipment as one more event and leaves the eventIDs of the earlier ones as they were', async () => {
    const before = await exportDownstream('RPP-2611-002');
    const shipped = await graph.query(
      `mutation { shipLot(input: { shipmentNumber: "SH-2611-0040", customerCode: "CUS-SMD", lotNumber: "SYR3-2611-0007", quantity: 1000, uom: "pcs" }) { number } }`,
      { token: graph.tokenFor('operator') },
    );
    expect(shipped.errors).toBeUndefined();
    const after = await exportDownstream('RPP-2611-002');
    expect(validateEpcis(after)).toEqual({ valid: true, errors: [] });
    const added = after.epcisBody.eventList.filter((e) => !before.epcisBody.eventList.some((old) => old.eventID === e.eventID));
    expect(added).toEqual([
      expect.objectContaining({
        bizStep: 'shipping',
        disposition: 'in_transit',
        quantityList: [{ epcClass: 'https://id.gs1.org/01/06971234500014/10/SYR3-2611-0007', quantity: 1000 }],
        bizTransactionList: [{ type: 'desadv', bizTransaction: 'https://id.lotgraph.example/shipment/SH-2611-0040' }],
        destinationList: expect.arrayContaining([{ type: 'owning_party', destination: 'https://id.lotgraph.example/party/customer/CUS-SMD' }]),
      }),
    ]);
    expect(after.epcisBody.eventList).toHaveLength(before.epcisBody.eventList.length + 1);
  });
});
