import { createHmac } from 'node:crypto';
import { AuditTrail, HEADERS, Outbox, TEST_GATEWAY_SECRET, findDemoUser, querySubgraph, startSubgraphForTest, type RunningSubgraph, type SubgraphServerOptions } from '@lotgraph/server';
import { QualityExceptionRepository, createQualityDatabase, createQualityServer, seedQualityDemo, type QualityServer } from '../src/server';
import { Receiver } from './support-webhook-receiver';

/** What a receiver does to trust a delivery (docs/notifications.md). */
const signatureOf = (secret: string, timestamp: string, body: string) => `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

const REGISTER = `mutation ($input: WebhookInput!) { registerWebhook(input: $input) { name url events enabled createdBy } }`;
const DISABLE = `mutation ($name: String!) { disableWebhook(name: $name) { name enabled } }`;
const DELIVERIES = `query ($name: String!) { webhookDeliveries(name: $name) { deliveryId event eventId exceptionNumber attempts lastError deliveredAt nextAttemptAt } }`;
const REPORT = `mutation ($input: ReportExceptionInput!) { reportException(input: $input) { id number } }`;
const OPERATOR = findDemoUser('operator')!;
const SECRET = 'whsec-0123456789abcdef';

interface Delivery {
  deliveryId: string;
  event: string;
  eventId: string;
  exceptionNumber: string;
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
}

describe('exception events, webhooks and the event feed', () => {
  let running: RunningSubgraph;
  let quality: QualityServer;
  let receiver: Receiver;
  let audit: AuditTrail;

  const register = (input: Record<string, unknown>, user = findDemoUser('qa.manager')!) => querySubgraph<{ registerWebhook: Record<string, unknown> }>(running.server, REGISTER, { input }, user);
  const report = async (title: string) => {
    const response = await querySubgraph<{ reportException: { id: string; number: string } }>(running.server, REPORT, { input: { title, severity: 'MAJOR', parameter: 'BARREL_TEMP' } }, OPERATOR);
    expect(response.errors).toBeUndefined();
    return response.data!.reportException;
  };
  const deliveries = async (name: string) => {
    const response = await querySubgraph<{ webhookDeliveries: Delivery[] }>(running.server, DELIVERIES, { name });
    expect(response.errors).toBeUndefined();
    return response.data!.webhookDeliveries;
  };
  const events = async (number: string) =>
    (await running.database.dataSource.query(`SELECT id, type, exception_number, payload FROM quality.exception_event WHERE exception_number = $1 ORDER BY id`, [number])) as Array<{
      id: string;
      type: string;
      payload: Record<string, unknown>;
    }>;
  const feed = async (params: Record<string, string>) => {
    const response = await fetch(`${running.server.url}/internal/exception-events?${new URLSearchParams(params)}`, { headers: { [HEADERS.gatewaySecret]: TEST_GATEWAY_SECRET } });
    return (await response.json()) as { refused?: string; lastEventId?: string; events?: Array<{ id: string; type: string; data: { exception: { number: string } } }> };
  };

  beforeAll(async () => {
    receiver = new Receiver();
    await receiver.start();
    running = await startSubgraphForTest({
      createDatabase: createQualityDatabase,
      createServer: (options: SubgraphServerOptions) =>
        createQualityServer({ ...options, notifications: { publicUrl: 'https://lotgraph.example.com/', dispatcher: { backoffMs: () => 0 }, webhookTimeoutMs: 500 } }),
      seed: seedQualityDemo,
    });
    quality = running.server as QualityServer;
    // Deliveries are driven by hand below, one attempt at a time.
    await quality.notifications.dispatcher.stop();
    audit = new AuditTrail(running.database.dataSource, 'quality');
  });

  afterAll(async () => {
    await running.stop();
    await receiver.stop();
  });

  it('refuses a webhook with a bad name, URL, secret or no events, naming the field, and keeps nothing', async () => {
    const good = { name: 'mes-andon', url: receiver.url, secret: SECRET, events: ['EXCEPTION_CREATED'] };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...good, name: 'has spaces' }, 'Webhook.name: "has spaces" is not a webhook name'],
      [{ ...good, url: 'ftp://example.com/x' }, 'Webhook.url: ftp: is not allowed; give an http or https URL'],
      [{ ...good, url: 'not a url' }, 'Webhook.url: "not a url" is not a URL'],
      [{ ...good, url: 'https://user:pw@example.com/x' }, 'Webhook.url: must not carry a user name or password'],
      [{ ...good, secret: 'short' }, 'Webhook.secret: must be at least 16 characters'],
      [{ ...good, events: [] }, 'Webhook.events: name at least one event type'],
    ];
    for (const [input, message] of cases) {
      const response = await register(input);
      expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(response.errors![0].message.startsWith(message)).toBe(true);
    }
    const listed = await querySubgraph<{ webhooks: unknown[] }>(running.server, '{ webhooks { name } }');
    expect(listed.data!.webhooks).toEqual([]);
  });

  it('registers a webhook for QA managers only, audits that a secret was set but never the secret, and the same input twice changes nothing', async () => {
    const input = { name: 'mes-andon', url: receiver.url, secret: SECRET, events: ['EXCEPTION_STATUS_CHANGED', 'EXCEPTION_CREATED'] };
    const refused = await register(input, findDemoUser('auditor')!);
    expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');

    const response = await register(input);
    expect(response.errors).toBeUndefined();
    expect(response.data!.registerWebhook).toEqual({ name: 'mes-andon', url: receiver.url, events: ['EXCEPTION_CREATED', 'EXCEPTION_STATUS_CHANGED'], enabled: true, createdBy: 'qa.manager' });
    await register(input);
    const entries = await audit.entriesFor('Webhook', 'mes-andon');
    expect(entries.map((entry) => entry.action)).toEqual(['REGISTER_WEBHOOK']);
    expect(entries[0].changes).toMatchObject({ webhookUrl: { new: receiver.url }, webhookEnabled: { new: true }, webhookSecret: { new: 'set' } });
    expect(JSON.stringify(entries)).not.toContain(SECRET);

    // A new secret is recorded as changed, not what it is.
    await register({ ...input, secret: `${SECRET}-rotated` });
    const [, changed] = await audit.entriesFor('Webhook', 'mes-andon');
    expect(changed).toMatchObject({ action: 'CHANGE_WEBHOOK', changes: { webhookSecret: { old: 'set', new: 'changed' } } });
    expect(JSON.stringify(changed)).not.toContain(SECRET);
    await register(input); // back to the first secret for the deliveries below

    // The secret is not in the schema at all: asking for it is a validation error.
    const asked = await querySubgraph(running.server, '{ webhooks { name secret } }');
    expect(asked.errors![0].message).toMatch(/Cannot query field "secret"/);
  });

  it('stores each event in the append-only log and enqueues one delivery per enabled webhook subscribed to it, in the same transaction', async () => {
    await register({ name: 'status-only', url: receiver.url, secret: SECRET, events: ['EXCEPTION_STATUS_CHANGED'] });
    await register({ name: 'switched-off', url: receiver.url, secret: SECRET, events: ['EXCEPTION_CREATED'] });
    await querySubgraph(running.server, DISABLE, { name: 'switched-off' });

    const exception = await report('Barrel zone 2 over temperature');
    const [event] = await events(exception.number);
    expect(event.type).toBe('exception.created');
    expect(event.payload).toMatchObject({
      number: exception.number,
      title: 'Barrel zone 2 over temperature',
      severity: 'MAJOR',
      status: 'OPEN',
      previousStatus: null,
      parameter: 'BARREL_TEMP',
      lotNumbers: [],
      detail: `Reported by ${OPERATOR.name}`,
      link: { variables: { number: exception.number }, url: 'https://lotgraph.example.com/graphql' },
    });
    expect((await deliveries('mes-andon')).map((d) => [d.event, d.exceptionNumber, d.eventId])).toEqual([['EXCEPTION_CREATED', exception.number, String(event.id)]]);
    expect(await deliveries('status-only')).toEqual([]);
    expect(await deliveries('switched-off')).toEqual([]);

    const refusedUpdate = running.database.dataSource.query(`UPDATE quality.exception_event SET type = 'x' WHERE id = $1`, [event.id]);
    await expect(refusedUpdate).rejects.toThrow(/append-only/);
    await expect(running.database.dataSource.query(`DELETE FROM quality.webhook_endpoint WHERE name = 'switched-off'`)).rejects.toThrow(/disable the webhook instead/);
  });

  it('publishes nothing for a change rolled back', async () => {
    const outbox = new Outbox(running.database.dataSource, 'quality');
    const before = await outbox.countUndelivered();
    // EX-2026-0041, from the demo plant: no event has been published for it.
    const exception = (await new QualityExceptionRepository(running.database.dataSource).findByNumber('EX-2026-0041'))!;
    await expect(
      running.database.dataSource.transaction(async (manager) => {
        await quality.notifications.events.publish(manager, { type: 'exception.created', exception });
        throw new Error('the change failed after publishing');
      }),
    ).rejects.toThrow('the change failed');
    expect(await events('EX-2026-0041')).toEqual([]);
    expect(await outbox.countUndelivered()).toBe(before);
  });

  it('POSTs the event signed with the secret, keeps a 500 with its status and body, retries with the same delivery id, then shows it delivered', async () => {
    const [pending] = await deliveries('mes-andon');
    receiver.answers = [{ status: 500, body: 'receiver is restarting' }];

    expect(await quality.notifications.dispatcher.runOnce()).toBe(0);
    const [failed] = await deliveries('mes-andon');
    expect(failed).toMatchObject({ attempts: 1, deliveredAt: null, nextAttemptAt: expect.any(String) });
    expect(failed.lastError).toBe(`POST ${receiver.url}: HTTP 500: receiver is restarting`);

    expect(await quality.notifications.dispatcher.runOnce()).toBe(1);
    const [delivered] = await deliveries('mes-andon');
    expect(delivered).toMatchObject({ deliveryId: pending.deliveryId, attempts: 2, lastError: null, deliveredAt: expect.any(String), nextAttemptAt: null });

    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    for (const { headers, body } of receiver.received) {
      expect(headers['content-type']).toBe('application/json');
      expect(headers['x-lotgraph-event']).toBe('exception.created');
      expect(headers['x-lotgraph-signature']).toBe(signatureOf(SECRET, String(headers['x-lotgraph-timestamp']), body));
      expect(headers['x-lotgraph-signature']).not.toBe(signatureOf(`${SECRET}-rotated`, String(headers['x-lotgraph-timestamp']), body));
    }
    // The same delivery id on both attempts: the receiver de-duplicates by it.
    expect(first.headers['x-lotgraph-delivery']).toBe(pending.deliveryId);
    expect(second.headers['x-lotgraph-delivery']).toBe(pending.deliveryId);
    const body = JSON.parse(second.body) as { eventId: string; type: string; exception: { number: string } };
    expect(body).toMatchObject({ eventId: pending.eventId, type: 'exception.created', exception: { number: pending.exceptionNumber } });

    // Delivered once recorded: another pass sends nothing.
    expect(await quality.notifications.dispatcher.runOnce()).toBe(0);
    expect(receiver.received).toHaveLength(2);
  });

  it('keeps a delivery to an unreachable receiver with the reason', async () => {
    await register({ name: 'nobody-home', url: 'http://127.0.0.1:9/hook', secret: SECRET, events: ['EXCEPTION_CREATED'] });
    await report('Sink marks on housing');
    await quality.notifications.dispatcher.runOnce();
    const [kept] = await deliveries('nobody-home');
    expect(kept).toMatchObject({ attempts: 1, deliveredAt: null });
    expect(kept.lastError).toMatch(/^POST http:\/\/127\.0\.0\.1:9\/hook: .+/);
    await querySubgraph(running.server, DISABLE, { name: 'nobody-home' });
  });

  it('disables a webhook, audited once; it is kept and gets no new events', async () => {
    const disabled = await querySubgraph<{ disableWebhook: { enabled: boolean } }>(running.server, DISABLE, { name: 'mes-andon' });
    expect(disabled.data!.disableWebhook.enabled).toBe(false);
    await querySubgraph(running.server, DISABLE, { name: 'mes-andon' });
    expect((await audit.entriesFor('Webhook', 'mes-andon')).filter((entry) => entry.action === 'DISABLE_WEBHOOK')).toHaveLength(1);
    const before = (await deliveries('mes-andon')).length;
    await report('Flash on parting line');
    expect(await deliveries('mes-andon')).toHaveLength(before);
    const listed = await querySubgraph<{ webhooks: Array<{ name: string; enabled: boolean }> }>(running.server, '{ webhooks { name enabled } }');
    expect(listed.data!.webhooks).toContainEqual({ name: 'mes-andon', enabled: false });
    const unknown = await querySubgraph(running.server, DISABLE, { name: 'no-such-hook' });
    expect(unknown.errors![0].message).toBe('Webhook.name: no webhook is named "no-such-hook"');
  });

  it('counts a receiver that does not answer within the timeout as a failure, and retries', async () => {
    await register({ name: 'slow-receiver', url: receiver.url, secret: SECRET, events: ['EXCEPTION_CREATED'] });
    await report('Weld line on barrel');
    receiver.answers = [{ status: 200, delayMs: 2000 }];
    await quality.notifications.dispatcher.runOnce();
    const [slow] = await deliveries('slow-receiver');
    expect(slow).toMatchObject({ attempts: 1, deliveredAt: null, lastError: `POST ${receiver.url}: no answer within 500 ms` });
    await quality.notifications.dispatcher.runOnce();
    expect(await deliveries('slow-receiver')).toEqual([expect.objectContaining({ attempts: 2, lastError: null, deliveredAt: expect.any(String) })]);
  });

  it('keeps a delivery to a webhook disabled meanwhile waiting, and sends it once the webhook is registered again', async () => {
    await report('Black specks in housing');
    await querySubgraph(running.server, DISABLE, { name: 'slow-receiver' });
    const sent = receiver.received.length;
    await quality.notifications.dispatcher.runOnce();
    const [waiting] = await deliveries('slow-receiver');
    expect(waiting).toMatchObject({ deliveredAt: null, lastError: 'webhook slow-receiver is disabled; not sent' });
    expect(receiver.received).toHaveLength(sent);

    await register({ name: 'slow-receiver', url: receiver.url, secret: SECRET, events: ['EXCEPTION_CREATED'] });
    await quality.notifications.dispatcher.runOnce();
    expect((await deliveries('slow-receiver'))[0]).toMatchObject({ deliveryId: waiting.deliveryId, deliveredAt: expect.any(String) });
    expect(receiver.received).toHaveLength(sent + 1);
    await querySubgraph(running.server, DISABLE, { name: 'slow-receiver' });
  });

  it('serves the event log to the gateway after an event id, to readers of exceptions only', async () => {
    expect(await feed({ roles: 'INTEGRATOR', after: '0' })).toEqual({ refused: expect.stringMatching(/^reading exception events needs OPERATOR, /) });
    const now = await feed({ roles: 'OPERATOR' });
    expect(now).toEqual({ lastEventId: expect.stringMatching(/^\d+$/), events: [] });

    // A read waiting for the next event is answered by it.
    const waiting = feed({ roles: 'AUDITOR', after: now.lastEventId!, waitMs: '20000' });
    const exception = await report('Short shots on cavity 3');
    const page = await waiting;
    expect(page.events!.map((event) => [event.type, event.data.exception.number])).toEqual([['exception.created', exception.number]]);
    expect(page.lastEventId).toBe(page.events![0].id);

    const all = await feed({ roles: 'QA_MANAGER', after: '0' });
    expect(all.events!.length).toBeGreaterThanOrEqual(6);
    const ids = all.events!.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(await feed({ roles: 'OPERATOR', after: 'abc' })).toEqual({ refused: '"abc" is not an event id' });
    // An id the log never reached (another database's) starts the reader at the newest event instead of waiting.
    expect(await feed({ roles: 'OPERATOR', after: '999999', waitMs: '20000' })).toEqual({ lastEventId: all.lastEventId, events: [] });
  });

  it('refuses the internal route without the gateway secret', async () => {
    const response = await fetch(`${running.server.url}/internal/exception-events?roles=ADMIN&after=0`);
    expect(response.status).toBe(403);
  });
});
