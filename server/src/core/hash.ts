/**
 * A key for a sequence of strings, to tell whether what something was built from has changed
 * without keeping it: four 32-bit multiplicative hashes, each string closed by a character no
 * string here contains, so two different sequences share a key by a chance of about 2^-128.
 */
export class RunningHash {
  private readonly hashes = [0x811c9dc5, 0x9e3779b9, 0x85ebca6b, 0xc2b2ae35];
  private static readonly PRIMES = [16777619, 0x5bd1e995, 0x27d4eb2f, 0x165667b1];
  private length = 0;

  mix(text: string): this {
    const { hashes } = this;
    const primes = RunningHash.PRIMES;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 0x10ffff;
      for (let h = 0; h < 4; h++) {
        hashes[h] = Math.imul(hashes[h] ^ c, primes[h]);
        hashes[h] ^= hashes[h] >>> 15;
      }
    }
    this.length += text.length + 1;
    return this;
  }

  key(): string {
    return `${this.length}:${this.hashes.map((h) => (h >>> 0).toString(36)).join(':')}`;
  }
}
