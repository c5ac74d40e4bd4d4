import type { IncomingMessage } from 'node:http';

export class BodyTooLarge extends Error {}
export class BodyNotJson extends Error {}

/** Reads a JSON body, refusing it as soon as it passes maxBytes (chunked bodies included). */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BodyTooLarge(`Body over ${maxBytes} bytes.`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BodyNotJson('Body is not valid JSON.');
  }
}
