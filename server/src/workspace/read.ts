/** Reading files with a size cap that holds whatever `stat` said (a file may grow after it, a special file reports 0). */
import { promises as fs } from 'node:fs';

const CHUNK_BYTES = 1024 * 1024;

/**
 * The bytes of a file, but never more than `limit` + 1 of them: a result longer than `limit` means
 * the file is larger than the cap (its rest is not read).
 */
export async function readAtMost(file: string, limit: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= limit) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, limit + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}
