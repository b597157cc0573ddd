import { createServer, type AddressInfo } from 'node:net';
import { createBroker } from 'aedes';

export interface TestBroker {
  url: string;
  close(): Promise<void>;
}

/**
 * The broker the MQTT tests talk to: the one MQTT_URL names (Mosquitto on 127.0.0.1:1883 on the development
 * machines and in CI), else an in-process aedes broker speaking the real MQTT protocol over TCP, so `npm test`
 * needs no server.
 */
export async function startTestBroker(): Promise<TestBroker> {
  if (process.env.MQTT_URL) return { url: process.env.MQTT_URL, close: () => Promise.resolve() };
  const broker = createBroker();
  const server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
