/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Preloaded into tshark by bench/run for its cachegrind runs only. Wireshark seeds the
 * hashes of its wmem maps with g_random_int() (wsutil/wmem/wmem_map.c), which moves
 * its own per-frame work by about 0.5% from one run to the next: as much as half the
 * 1% DNS budget. With this, a run's seeds come from ENCDNS_BENCH_SEED, so the plugin
 * run and the run without it can use the same seeds, and a comparison is made per
 * seed. Nothing else changes: the numbers are an xorshift sequence, as random-looking
 * as before, only repeatable.
 */
#include <stdint.h>
#include <stdlib.h>

static uint32_t state;

uint32_t g_random_int(void);

uint32_t
g_random_int(void)
{
    if (state == 0) {
        const char *seed = getenv("ENCDNS_BENCH_SEED");
        state = (uint32_t)(seed ? strtoul(seed, NULL, 10) : 0) * 2654435761u + 0x9e3779b9u;
        if (state == 0)
            state = 1;
    }
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}
