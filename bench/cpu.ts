/**
 * CPU time of the servers a benchmark drives, read from /proc (Linux). The order benchmark uses it
 * to show where an order's CPU goes on this machine (the hub's process, PostgreSQL, RabbitMQ),
 * beside the same reading for its baseline: the figure that says whether a throughput target is
 * bound by the machine's cores or by waiting.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux build in use). */
const TICKS_PER_SECOND = 100;

/** The server processes counted, told apart by their command name. */
export type ServerGroup = 'postgres' | 'rabbitmq';

/** CPU milliseconds used so far by each process of a group, by pid. */
export type ServerCpu = Record<ServerGroup, Map<number, number>>;

function groupOf(command: string): ServerGroup | undefined {
  if (command.startsWith('postgres')) return 'postgres';
  if (command === 'beam.smp') return 'rabbitmq';
  return undefined;
}

/** CPU milliseconds (user + system) of one process from its /proc stat line. */
function cpuMsOf(stat: string): number {
  // The command sits in parentheses and may hold spaces: the fields after it are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Reads the CPU time of every PostgreSQL and RabbitMQ process; undefined where /proc is missing. */
function readServerCpu(): ServerCpu | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const reading: ServerCpu = { postgres: new Map(), rabbitmq: new Map() };
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const group = groupOf(stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      if (group !== undefined) reading[group].set(Number(pid), cpuMsOf(stat));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return reading;
}

/**
 * CPU milliseconds each group used between two readings. A process started in between counts
 * whole; one that ended in between is missed (the servers' processes live for the run).
 */
function serverCpuSince(before: ServerCpu, after: ServerCpu): Record<ServerGroup, number> {
  const used = (group: ServerGroup): number => {
    let sum = 0;
    for (const [pid, ms] of after[group]) sum += ms - (before[group].get(pid) ?? 0);
    return sum;
  };
  return { postgres: used('postgres'), rabbitmq: used('rabbitmq') };
}

/** CPU milliseconds (user + system) one process has used so far; undefined where /proc is missing or it ended. */
export function processCpuMs(pid: number): number | undefined {
  try {
    return cpuMsOf(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** CPU milliseconds used over a measured span by this process, one other process, PostgreSQL and RabbitMQ, and the span's wall time. */
export interface SpanCpu {
  self: number;
  other: number;
  postgres: number;
  rabbitmq: number;
  wallMs: number;
}

/**
 * Starts measuring the CPU time of this process, of process `otherPid` (a load or publisher
 * process) and of the servers; the returned function ends the span and answers, or undefined
 * where /proc is missing.
 */
export function measureCpu(otherPid: number | undefined): () => SpanCpu | undefined {
  const started = performance.now();
  const servers = readServerCpu();
  const self = process.cpuUsage();
  const other = otherPid === undefined ? undefined : processCpuMs(otherPid);
  return () => {
    const selfUsed = process.cpuUsage(self);
    const serversAfter = readServerCpu();
    const otherAfter = otherPid === undefined ? undefined : processCpuMs(otherPid);
    if (servers === undefined || serversAfter === undefined) return undefined;
    const used = serverCpuSince(servers, serversAfter);
    return {
      self: (selfUsed.user + selfUsed.system) / 1000,
      other: other === undefined || otherAfter === undefined ? 0 : otherAfter - other,
      postgres: used.postgres,
      rabbitmq: used.rabbitmq,
      wallMs: performance.now() - started,
    };
  };
}
