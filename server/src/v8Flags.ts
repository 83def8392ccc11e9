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
 *
 * No allocation-site pretenuring: V8 sees that the figures, checks and findings an analysis makes
 * outlive many scavenges and allocates them in the old generation from then on, and a keystroke
 * moves a few hundred of them to new offsets, each copy garbage by the next keystroke. Allocated
 * old, those copies cost write barriers and mark-compacts; allocated young, they die for nothing.
 * Measured on 2026-12-08 on the 10k-word draft, fresh processes alternating (four rounds at 1k
 * entities, three at 10k): the median re-analysis after a one-character edit went from 1.9-2.7 ms
 * to 1.2-1.4 ms at 1k and from 3.3-6.1 ms to 1.9-2.2 ms at 10k; full analyses were about as fast.
 * What it costs is at start-up: a load of 100k entities from the parse cache, whose million facts
 * all survive, took about 6 % longer and its indexes about 18 % (six rounds each, on a busy host).
 * At a million entities (one run each): a load of 4.0 min instead of 3.9, the full analysis 69 ms
 * instead of 57, the re-analysis 1.15 ms instead of 2.8.
 */
export const SERVER_V8_FLAGS: readonly string[] = ['--max-semi-space-size=32', '--no-allocation-site-pretenuring'];
