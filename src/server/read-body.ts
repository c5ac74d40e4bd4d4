import type { IncomingMessage } from 'node:http';

export class BodyTooLarge extends Error {}
export class BodyNotJson extends Error {}

/**
 * Reads a JSON body, refusing it as soon as it passes maxBytes (chunked bodies included).
 * Listens for 'data' and 'end' rather than iterating the stream: an async iterator costs
 * several promises per request, and a body is nearly always one chunk.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (req.method !== 'POST') return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData).off('end', onEnd);
        req.resume(); // drain the rest so the connection stays usable for the 413
        reject(new BodyTooLarge(`Body over ${maxBytes} bytes.`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      try {
        resolve(JSON.parse((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8')));
      } catch {
        reject(new BodyNotJson('Body is not valid JSON.'));
      }
    };
    req.on('data', onData).once('end', onEnd).once('error', reject);
  });
}
