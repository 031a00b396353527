import type { Writable } from 'node:stream';
import type { ChannelModel } from 'amqplib';

/** The parts of amqplib's connection that frame writing goes through. */
interface FrameWriter {
  stream?: unknown;
  muxer?: { _readIncoming?: unknown };
}

function isWritable(value: unknown): value is Writable {
  return typeof value === 'object' && value !== null && typeof (value as Writable).cork === 'function' && typeof (value as Writable).uncork === 'function';
}

/**
 * Makes a connection write the frames its channels have ready in one system call.
 *
 * amqplib's multiplexer writes every frame (a publish, an ack, a method) to the socket on its
 * own; with `noDelay` each write is a system call and a TCP segment. A relay round publishing a
 * hundred events cost a hundred writes. Corking the socket while the multiplexer empties its
 * channels turns them into one `writev`; back-pressure is kept (a corked write still reports a
 * full buffer, and the socket drains after the uncork).
 *
 * Returns false, changing nothing, when the connection does not have the expected shape.
 */
export function coalesceFrameWrites(model: ChannelModel): boolean {
  const connection = (model as unknown as { connection?: FrameWriter }).connection;
  const stream = connection?.stream;
  const muxer = connection?.muxer;
  const readIncoming = muxer?._readIncoming;
  if (muxer === undefined || !isWritable(stream) || typeof readIncoming !== 'function') return false;
  const drain = readIncoming as (this: unknown) => void;
  muxer._readIncoming = function corked(this: unknown): void {
    stream.cork();
    try {
      drain.call(this);
    } finally {
      stream.uncork();
    }
  };
  return true;
}
