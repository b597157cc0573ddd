import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayServer, type GatewayServer } from '../src/server';
import { startTestGraph, type TestGraph } from './support/test-graph';

interface StreamEvent {
  id?: string;
  event?: string;
  data?: Record<string, unknown>;
  comment?: string;
}

/** An SSE client as a front-end's would be: fetch, reading the stream block by block. */
class EventStream {
  private readonly controller = new AbortController();
  private buffer = '';
  private reader?: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  status = 0;
  contentType = '';

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async open(): Promise<this> {
    const response = await fetch(this.url, { headers: this.headers, signal: this.controller.signal });
    this.status = response.status;
    this.contentType = response.headers.get('content-type') ?? '';
    if (response.ok) this.reader = response.body!.getReader();
    else await response.text();
    return this;
  }

  /** The next block (an event, or a comment such as a heartbeat). */
  async nextBlock(): Promise<StreamEvent> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const parsed: StreamEvent = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) parsed.comment = line.slice(1).trim();
          else if (line.startsWith('id: ')) parsed.id = line.slice(4);
          else if (line.startsWith('event: ')) parsed.event = line.slice(7);
          else if (line.startsWith('data: ')) parsed.data = JSON.parse(line.slice(6)) as Record<string, unknown>;
        }
        return parsed;
      }
      const { value, done } = await this.reader!.read();
      if (done) throw new Error('the stream ended');
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** The next event, skipping comments. */
  async nextEvent(): Promise<StreamEvent> {
    for (;;) {
      const block = await this.nextBlock();
      if (block.event) return block;
    }
  }

  close(): void {
    this.controller.abort();
  }
}

class Receiver {
  readonly received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/lotgraph`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const SECRET = 'andon-board-secret-2026';
const REPORT = `mutation ($input: ReportExceptionInput!) { reportException(input: $input) { number } }`;

async function until<T>(look: () => Promise<T> | T, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await look();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return look();
}

describe('notifications: webhooks and the live stream of exception and CAPA events', () => {
  let graph: TestGraph;
  let receiver: Receiver;
  const streams: EventStream[] = [];
  const stream = (headers: Record<string, string> = {}, query = '') => {
    const opened = new EventStream(`${graph.base}/events/exceptions${query}`, headers);
    streams.push(opened);
    return opened.open();
  };
  const bearer = (user: string) => ({ authorization: `Bearer ${graph.tokenFor(user)}` });
  let number = '';
  let createdId = '';

  beforeAll(async () => {
    graph = await startTestGraph();
    receiver = new Receiver();
    await receiver.start();
  });

  afterAll(async () => {
    for (const opened of streams) opened.close();
    await graph.stop();
    await receiver.stop();
  });

  it('an exception reported by hand reaches a webhook, signed, and an SSE client sees it created then CONTAINED', async () => {
    const registered = await graph.query(
      `mutation ($input: WebhookInput!) { registerWebhook(input: $input) { name enabled } }`,
      { variables: { input: { name: 'andon-board', url: receiver.url, secret: SECRET, events: ['EXCEPTION_CREATED', 'EXCEPTION_STATUS_CHANGED'] } } },
    );
    expect(registered.errors).toBeUndefined();
    const live = await stream(bearer('operator'));
    expect([live.status, live.contentType]).toEqual([200, 'text/event-stream; charset=utf-8']);
    expect((await live.nextBlock()).comment).toBe('exception events for operator');

    const reported = await graph.query<{ reportException: { number: string } }>(REPORT, {
      variables: { input: { title: 'Barrel zone 2 over temperature', severity: 'CRITICAL', lots: [{ lotNumber: 'RPP-2611-001' }] } },
      token: graph.tokenFor('operator'),
    });
    expect(reported.errors).toBeUndefined();
    number = reported.data!.reportException.number;

    const created = await live.nextEvent();
    expect(created).toMatchObject({ event: 'exception.created', data: { type: 'exception.created', exception: { number, status: 'OPEN', lotNumbers: ['RPP-2611-001'], severity: 'CRITICAL' } } });
    createdId = created.id!;
    const contained = await live.nextEvent();
    expect(contained).toMatchObject({ event: 'exception.status-changed', data: { exception: { number, status: 'CONTAINED', previousStatus: 'OPEN', lotNumbers: ['RPP-2611-001'] } } });
    expect(Number(contained.id)).toBeGreaterThan(Number(createdId));

    const got = await until(() => receiver.received, (received) => received.length >= 2);
    expect(got.map((r) => r.headers['x-lotgraph-event'])).toEqual(['exception.created', 'exception.status-changed']);
    for (const { headers, body } of got) {
      const expected = `sha256=${createHmac('sha256', SECRET).update(`${String(headers['x-lotgraph-timestamp'])}.${body}`).digest('hex')}`;
      expect(headers['x-lotgraph-signature']).toBe(expected);
      expect((JSON.parse(body) as { exception: { number: string } }).exception.number).toBe(number);
    }
    const log = await until(
      async () =>
        (await graph.query<{ webhookDeliveries: Array<{ event: string; deliveredAt: string | null; attempts: number }> }>(`{ webhookDeliveries(name: "andon-board") { event deliveredAt attempts } }`))
          .data!.webhookDeliveries,
      (rows) => rows.every((row) => row.deliveredAt !== null),
    );
    expect(log.map((row) => [row.event, row.attempts, row.deliveredAt !== null])).toEqual([
      ['EXCEPTION_STATUS_CHANGED', 1, true],
      ['EXCEPTION_CREATED', 1, true],
    ]);
  });

  it('resumes after Last-Event-ID without losing what came meanwhile, and takes ?access_token= for EventSource', async () => {
    const resumed = await stream({ ...bearer('qa.engineer'), 'last-event-id': createdId });
    expect(await resumed.nextEvent()).toMatchObject({ event: 'exception.status-changed', data: { exception: { number, status: 'CONTAINED' } } });

    const browser = await stream({}, `?access_token=${encodeURIComponent(graph.tokenFor('auditor'))}&lastEventId=${createdId}`);
    expect(browser.status).toBe(200);
    expect((await browser.nextEvent()).data).toMatchObject({ exception: { number, status: 'CONTAINED' } });
  });

  it('a CAPA event the capa domain publishes reaches the webhooks subscribed to it, signed, and the live stream under its event name', async () => {
    const registered = await graph.query(`mutation ($input: WebhookInput!) { registerWebhook(input: $input) { name } }`, {
      variables: { input: { name: 'capa-board', url: receiver.url, secret: SECRET, events: ['CAPA_STATUS_CHANGED'] } },
    });
    expect(registered.errors).toBeUndefined();
    const live = await stream(bearer('qa.engineer'));
    await live.nextBlock();
    const sent = receiver.received.length;
    const published = await graph.query<{ publishCapaEvent: { eventId: string } }>(
      `mutation { publishCapaEvent(input: { eventKey: "capa-outbox:e2e-1", type: CAPA_STATUS_CHANGED, capaNumber: "CAPA-2026-0017", title: "Barrel zone 3 overheating",
         status: "IMPLEMENTING", previousStatus: "PLAN_APPROVED", exceptionNumbers: ["EX-2026-0041"], detail: "The plan was approved" }) { eventId } }`,
      { token: graph.tokenFor('capa.notifier') },
    );
    expect(published.errors).toBeUndefined();
    const event = await live.nextEvent();
    expect(event).toMatchObject({
      id: published.data!.publishCapaEvent.eventId,
      event: 'capa.status-changed',
      data: { type: 'capa.status-changed', capa: { number: 'CAPA-2026-0017', status: 'IMPLEMENTING', previousStatus: 'PLAN_APPROVED', exceptionNumbers: ['EX-2026-0041'] }, detail: 'The plan was approved' },
    });
    const got = (await until(() => receiver.received, (received) => received.length > sent)).slice(sent);
    expect(got.map((r) => r.headers['x-lotgraph-event'])).toEqual(['capa.status-changed']);
    const expected = `sha256=${createHmac('sha256', SECRET).update(`${String(got[0].headers['x-lotgraph-timestamp'])}.${got[0].body}`).digest('hex')}`;
    expect(got[0].headers['x-lotgraph-signature']).toBe(expected);
    // Only the capa domain tells of CAPA events: another integration may not.
    const refused = await graph.query(
      `mutation { publishCapaEvent(input: { eventKey: "capa-outbox:e2e-2", type: CAPA_STATUS_CHANGED, capaNumber: "CAPA-2026-0017", title: "x", status: "CLOSED", exceptionNumbers: [], detail: "x" }) { eventId } }`,
      { token: graph.tokenFor('integrator') },
    );
    expect(refused.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a caller without a token, with a bad token, or who may not read exceptions (INTEGRATOR)', async () => {
    const anonymous = await stream();
    expect(anonymous.status).toBe(401);
    const forged = await stream({ authorization: 'Bearer not-a-token' });
    expect(forged.status).toBe(401);
    const integrator = await stream(bearer('integrator'));
    expect(integrator.status).toBe(403);
    const badId = await stream({ ...bearer('operator'), 'last-event-id': 'yesterday' });
    expect(badId.status).toBe(400);
  });

  it('ends the stream of a token logged out', async () => {
    const login = await graph.query<{ login: { token: string } }>(`mutation { login(userId: "qc.inspector", password: "lotgraph-demo") { token } }`, { token: null });
    const token = login.data!.login.token;
    const live = await stream({ authorization: `Bearer ${token}` });
    expect(live.status).toBe(200);
    await live.nextBlock();
    await graph.query(`mutation { logout }`, { token });
    // The next poll finds the session revoked; a new exception wakes it at once.
    await graph.query(REPORT, { variables: { input: { title: 'Scratches on lens', severity: 'MINOR' } }, token: graph.tokenFor('operator') });
    let ended: string | undefined;
    for (;;) {
      const block = await live.nextBlock().catch(() => ({ comment: 'closed' }) as StreamEvent);
      if (block.comment?.startsWith('stream ended') || block.comment === 'closed') {
        ended = block.comment;
        break;
      }
    }
    expect(ended).toMatch(/^stream ended: .*revoked by logout/);
    expect((await stream({ authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('sends a heartbeat comment when nothing happens', async () => {
    const gateway: GatewayServer = await createGatewayServer({ config: graph.config, subgraphUrls: graph.hub.gateway.subgraphUrls, eventHeartbeatMs: 100 });
    try {
      const base = await gateway.listen(0, '127.0.0.1');
      const quiet = new EventStream(`${base}/events/exceptions`, bearer('qa.manager'));
      streams.push(quiet);
      await quiet.open();
      await quiet.nextBlock();
      expect(await quiet.nextBlock()).toEqual({ comment: 'heartbeat' });
      quiet.close();
    } finally {
      await gateway.stop();
    }
  });
});
