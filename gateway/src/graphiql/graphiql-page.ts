import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

export const EXAMPLE_QUERY = `# LotGraph: one graph over ERP, MES, QMS and LIMS.
# A finished lot, its exceptions and their CAPAs, in one query:
query LotWithExceptions {
  lot(lotNumber: "SYR3-2611-0008") {
    lotNumber
    status
    quantity
    uom
    material { code name gtin }
    exceptions {
      number
      title
      severity
      status
      capas {
        number
        title
        status
        actions { kind description status }
      }
    }
  }
}
`;

/** The GraphiQL page is self-contained (no CDN); in the embedded demo it comes with a demo token filled in. */
export function graphiqlPage(options: { demoToken?: string }): string {
  return renderGraphiQL({
    title: 'LotGraph',
    endpoint: '/graphql',
    defaultQuery: EXAMPLE_QUERY,
    headers: JSON.stringify(options.demoToken ? { Authorization: `Bearer ${options.demoToken}` } : {}, null, 2),
  });
}
