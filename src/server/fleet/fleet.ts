import { randomUUID } from 'node:crypto';
import { LocalFleetBus, type FleetBus } from './fleet-bus.js';
import { ResumableStreams } from './resumable-streams.js';
import { MemoryStreamLog } from './stream-log.js';
import type { SharedTransportSessions } from './transport-sessions.js';

/**
 * What the HTTP edge needs to act as one server across instances: who this instance is, a
 * channel to the others, the resumable streams and, with a shared store, the 2025-era
 * transport sessions. With the memory store it is this process alone: sessions stay local
 * (as before) and streams are resumable on this instance only.
 */
export interface Fleet {
  instanceId: string;
  bus: FleetBus;
  streams: ResumableStreams;
  /** Undefined with the memory store: transport sessions live in this process only. */
  sessions?: SharedTransportSessions;
  close(): Promise<void>;
}

export function localFleet(instanceId: string = randomUUID()): Fleet {
  return {
    instanceId,
    bus: new LocalFleetBus(),
    streams: new ResumableStreams(new MemoryStreamLog(), instanceId),
    close: async () => undefined,
  };
}
