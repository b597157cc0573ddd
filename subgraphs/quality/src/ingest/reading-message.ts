import type { ReadingInput } from '../reading/reading-input';

/** Where machines and their gateways publish readings: `lotgraph/readings/<equipmentCode>` (or any level below). */
export const READINGS_TOPIC_FILTER = 'lotgraph/readings/#';
const TOPIC_PREFIX = 'lotgraph/readings/';

/** The most of a payload kept with a rejection, so one huge bad message cannot bloat the table. */
export const MAX_KEPT_PAYLOAD = 4000;

export interface Unreadable {
  input: Partial<Record<keyof ReadingInput, unknown>>;
  reason: string;
}

export interface MessageReadings {
  readings: ReadingInput[];
  unreadable: Unreadable[];
}

const FIELDS = ['readingId', 'equipmentCode', 'parameter', 'value', 'measuredAt', 'productionOrder', 'lotNumber'] as const;

const asText = (value: unknown): string | null => (value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value));

/** The equipment a topic names (`lotgraph/readings/IMM-07`), or null for the bare prefix. */
export function equipmentOfTopic(topic: string): string | null {
  if (!topic.startsWith(TOPIC_PREFIX)) return null;
  return topic.slice(TOPIC_PREFIX.length).split('/')[0].trim() || null;
}

/**
 * The readings of one MQTT message: a JSON reading or array of readings with ReadingInput's fields (value and
 * measuredAt as text or number). A reading without equipmentCode takes the topic's; one naming other equipment
 * than its topic is refused. What cannot be read is returned with the reason, to be kept, never dropped.
 */
export function readingsOfMessage(topic: string, payload: Buffer): MessageReadings {
  const topicEquipment = equipmentOfTopic(topic);
  const text = payload.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return {
      readings: [],
      unreadable: [{ input: { equipmentCode: topicEquipment, value: text.slice(0, MAX_KEPT_PAYLOAD) }, reason: `payload: not JSON (${(err as Error).message}) on topic ${topic}` }],
    };
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  const result: MessageReadings = { readings: [], unreadable: [] };
  items.forEach((item, i) => {
    const where = Array.isArray(parsed) ? `payload[${i}]` : 'payload';
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      result.unreadable.push({ input: { equipmentCode: topicEquipment, value: asText(item)?.slice(0, MAX_KEPT_PAYLOAD) ?? null }, reason: `${where}: not a reading (a JSON object with ReadingInput's fields)` });
      return;
    }
    const fields = item as Record<string, unknown>;
    const reading = Object.fromEntries(FIELDS.map((f) => [f, asText(fields[f])])) as Record<(typeof FIELDS)[number], string | null>;
    const equipmentCode = reading.equipmentCode?.trim() || topicEquipment;
    if (topicEquipment && reading.equipmentCode?.trim() && reading.equipmentCode.trim() !== topicEquipment) {
      result.unreadable.push({ input: reading, reason: `equipmentCode: ${reading.equipmentCode} differs from the equipment of the topic ${topic}` });
      return;
    }
    result.readings.push({
      readingId: reading.readingId, equipmentCode: equipmentCode ?? '', parameter: reading.parameter ?? '', value: reading.value ?? '', measuredAt: reading.measuredAt ?? '',
      productionOrder: reading.productionOrder, lotNumber: reading.lotNumber,
    });
  });
  return result;
}
