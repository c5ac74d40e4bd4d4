import { randomUUID } from 'node:crypto';
import { LocalFleetBus, type FleetBus } from './fleet-bus.js';
import type { InstanceInfo } from './instance-info.js';
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
  /**
   * A serving instance joins the fleet's registry (a command-line run never does): its
   * description is read at every heartbeat; calling again replaces it and beats at once.
   */
  announce(describe: () => InstanceInfo): Promise<void>;
  /** The live instances (this one alone with the memory store, once announced). */
  instances(): Promise<InstanceInfo[]>;
  close(): Promise<void>;
}

export function localFleet(instanceId: string = randomUUID()): Fleet {
  let describe: (() => InstanceInfo) | undefined;
  return {
    instanceId,
    bus: new LocalFleetBus(),
    streams: new ResumableStreams(new MemoryStreamLog(), instanceId),
    announce: async (fn) => void (describe = fn),
    instances: async () => (describe ? [{ ...describe(), lastHeartbeat: new Date().toISOString() }] : []),
    close: async () => undefined,
  };
}
