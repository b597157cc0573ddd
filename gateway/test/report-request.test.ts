import { ConfigError, loadConfig } from '@lotgraph/server';
import { Refusal } from '../src/http/refusal';
import { parseReportRequest, reportUrl } from '../src/reports/report-request';

describe('where reports are and what a request for one asks', () => {
  it('names a report by the gateway URL, kind and number, the number URL-encoded', () => {
    expect(reportUrl('http://127.0.0.1:4000/graphql', 'capa', 'CAPA-2026-0017')).toBe('http://127.0.0.1:4000/reports/capa/CAPA-2026-0017');
    expect(reportUrl('https://lotgraph.example.com/qms/graphql/', 'lot', 'BRL 2611/014', new URLSearchParams({ format: 'pdf' }))).toBe(
      'https://lotgraph.example.com/qms/reports/lot/BRL%202611%2F014?format=pdf',
    );
  });

  it('reads the record, format, language and time zone; refuses another method than GET with 405 and Allow: GET', () => {
    expect(parseReportRequest('GET', '/reports/lot/BRL%202611%2F014?format=PDF&tz=UTC', 'zh-CN,en;q=0.5')).toEqual({ kind: 'lot', id: 'BRL 2611/014', format: 'pdf', locale: 'zh-CN', timeZone: 'UTC' });
    let refused: unknown;
    try {
      parseReportRequest('PUT', '/reports/lot/BRL-2611-014?lang=en', undefined);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(Refusal);
    expect(refused).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED', headers: { allow: 'GET' }, message: 'Reports are only read: PUT is not allowed on /reports/lot/BRL-2611-014; use GET' });
  });

  it('takes LOTGRAPH_PUBLIC_URL, which reports name as their source, only as an http or https URL', () => {
    expect(loadConfig({ LOTGRAPH_PUBLIC_URL: 'https://lotgraph.example.com/' }).publicUrl).toBe('https://lotgraph.example.com');
    expect(loadConfig({ LOTGRAPH_PUBLIC_URL: 'http://qms.example.com:8080/lotgraph' }).publicUrl).toBe('http://qms.example.com:8080/lotgraph');
    expect(loadConfig({}).publicUrl).toBeUndefined();
    for (const bad of ['lotgraph.example.com', 'ftp://lotgraph.example.com', 'https://lotgraph.example.com/?x=1', 'http://']) {
      expect(() => loadConfig({ LOTGRAPH_PUBLIC_URL: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ LOTGRAPH_PUBLIC_URL: bad })).toThrow(`LOTGRAPH_PUBLIC_URL: "${bad}" is not an http or https URL`);
    }
  });
});
