#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has the SHA-256 instructions csha256_compress uses (x86-64 SHA extensions with SSSE3 and
/// SSE4.1), else 0; then csha256_compress must not be called.
int csha256_available(void);

/// Runs the SHA-256 compression function over `count` 64-byte blocks at `blocks`, updating `state` (the eight
/// working words, in order). Call only when csha256_available() returned 1.
void csha256_compress(uint32_t state[8], const uint8_t *blocks, size_t count);

/// The 64 SHA-256 round constants, for the portable implementation.
const uint32_t *csha256_round_constants(void);

#endif
