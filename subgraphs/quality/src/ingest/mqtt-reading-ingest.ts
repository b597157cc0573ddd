import { randomUUID } from 'node:crypto';
import { connect, type IPublishPacket, type MqttClient } from 'mqtt';
import { MQTT_INGEST_USER, type BackgroundWorker } from '@lotgraph/server';
import type { ReadingService } from '../reading/reading.service';
import { MAX_READINGS_PER_CALL } from '../reading/reading-input';
import { MAX_KEPT_PAYLOAD, READINGS_TOPIC_FILTER, equipmentOfTopic, readingsOfMessage } from './reading-message';

export interface MqttIngestOptions {
  /** Broker URL, e.g. mqtt://127.0.0.1:1883 (LOTGRAPH_MQTT_URL). */
  url: string;
  /** The session's client id: kept between restarts, so the broker holds messages published meanwhile. */
  clientId?: string;
  /** A clean session (tests on a shared broker): the broker keeps nothing for this client once it disconnects. */
  clean?: boolean;
  /** Readings per recordReadings batch when a message carries more. */
  batchSize?: number;
  log?: (line: string) => void;
}

const RETRY_MS = [500, 1000, 2000, 5000, 10_000, 30_000];
/** After this many failures with the database reachable, a message is kept as rejected rather than block the rest. */
const KEEP_AS_REJECTED_AFTER = 5;

/**
 * Records the process readings machines publish on `lotgraph/readings/#` (QoS 1) as the ingest.mqtt system
 * user. A message is acknowledged only once its readings are recorded (accepted, duplicate or kept as rejected),
 * so a message the ingest could not record (database down, a restart) is delivered again by the broker; a
 * redelivered reading with its readingId is a DUPLICATE and changes nothing. MQTT hands a client one message at
 * a time, so a message is one batch: gateways that publish arrays get set-based ingest.
 */
export class MqttReadingIngest implements BackgroundWorker {
  private client: MqttClient | null = null;
  private stopping = false;
  private readonly log: (line: string) => void;

  constructor(
    private readonly readings: ReadingService,
    private readonly options: MqttIngestOptions,
  ) {
    this.log = options.log ?? ((line) => console.warn(line));
  }

  start(): void {
    if (this.client) return;
    this.stopping = false;
    const client = connect(this.options.url, {
      clientId: this.options.clientId ?? 'lotgraph-quality-ingest',
      clean: this.options.clean ?? false,
      reconnectPeriod: 2000,
      connectTimeout: 10_000,
    });
    let lastError = '';
    client.on('connect', () => {
      lastError = '';
      client.subscribe(READINGS_TOPIC_FILTER, { qos: 1 }, (err) => {
        if (err) this.log(`MQTT ingest: cannot subscribe to ${READINGS_TOPIC_FILTER}: ${err.message}`);
      });
    });
    client.on('error', (err) => {
      // Reconnects on its own; say so once per kind of failure, not every two seconds.
      if (err.message !== lastError) this.log(`MQTT ingest: ${this.options.url}: ${err.message} (retrying)`);
      lastError = err.message;
    });
    // The acknowledgement (PUBACK) goes out when the callback is called: after the message is recorded.
    client.handleMessage = (packet, done) => {
      if (packet.cmd !== 'publish') return done();
      void this.recordUntilDone(packet).then(() => done(), (err: Error) => done(err));
    };
    this.client = client;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const client = this.client;
    this.client = null;
    if (client) await client.endAsync(true);
  }

  /** Records a message, retrying while the database cannot take it; gives up only when stopping (unacknowledged). */
  private async recordUntilDone(packet: IPublishPacket): Promise<void> {
    const progress = { unreadableKept: false };
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.record(packet.topic, Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload), progress);
        return;
      } catch (err) {
        if (this.stopping) throw err;
        if (attempt + 1 >= KEEP_AS_REJECTED_AFTER && (await this.keepAsRejected(packet, err as Error, attempt + 1))) return;
        this.log(`MQTT ingest: could not record a message on ${packet.topic} (attempt ${attempt + 1}): ${(err as Error).message}; retrying`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]));
        if (this.stopping) throw new Error('MQTT ingest stopped; the broker delivers the message again');
      }
    }
  }

  /**
   * A message that keeps failing while the database takes other writes (a fault in the message, not an outage)
   * would hold back every message after it: it is kept whole as a rejected reading with the error, and
   * acknowledged. False when even that fails (the database is down): the caller keeps retrying.
   */
  private async keepAsRejected(packet: IPublishPacket, err: Error, attempts: number): Promise<boolean> {
    const text = (Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload)).toString('utf8');
    const reason = `payload: could not be recorded after ${attempts} attempts (${err.message}) on topic ${packet.topic}`;
    try {
      await this.readings.keepUnreadable([{ input: { equipmentCode: equipmentOfTopic(packet.topic), value: text.slice(0, MAX_KEPT_PAYLOAD) }, reason }], MQTT_INGEST_USER, `mqtt-${randomUUID()}`);
      this.log(`MQTT ingest: ${reason}; kept as a rejected reading`);
      return true;
    } catch (keepError) {
      this.log(`MQTT ingest: could not keep the message on ${packet.topic} as a rejected reading either: ${(keepError as Error).message}`);
      return false;
    }
  }

  private async record(topic: string, payload: Buffer, progress: { unreadableKept: boolean }): Promise<void> {
    const { readings, unreadable } = readingsOfMessage(topic, payload);
    const requestId = `mqtt-${randomUUID()}`;
    // Kept once: a message retried after a failed batch does not keep its unreadable entries again.
    if (unreadable.length > 0 && !progress.unreadableKept) {
      await this.readings.keepUnreadable(unreadable, MQTT_INGEST_USER, requestId);
      progress.unreadableKept = true;
    }
    const size = Math.min(this.options.batchSize ?? MAX_READINGS_PER_CALL, MAX_READINGS_PER_CALL);
    for (let start = 0; start < readings.length; start += size) {
      await this.readings.record(readings.slice(start, start + size), MQTT_INGEST_USER, requestId);
    }
  }
}
