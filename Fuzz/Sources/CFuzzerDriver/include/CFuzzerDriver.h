#ifndef SWITCHBOARD_CFUZZERDRIVER_H
#define SWITCHBOARD_CFUZZERDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry point for a program with its own `main` (compiler-rt, FuzzerDriver.cpp): parses the libFuzzer
/// flags in `argv` and runs `callback` on every input. Linked by `-sanitize=fuzzer`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
