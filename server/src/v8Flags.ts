/**
 * The V8 flags the language server runs with, besides its heap limit (factmark.server.maxMemory):
 * given by the client when it starts the server, and by the benchmark to the processes it
 * measures, so that the figures are those of the server as shipped.
 *
 * A young generation of 32 MB instead of V8's 16: every analysis of a long draft leaves a megabyte
 * or two of results that survive the next scavenge, and with a large dataset loaded each scavenge
 * costs milliseconds, so halving their number took the mean re-analysis of a 10k-word draft at
 * 100k entities from about 2.8-3.6 ms to 1.9-2.1 ms (medians 1.5-2.0 to 1.4-1.5 ms), for 32 MB
 * more memory.
 */
export const SERVER_V8_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
