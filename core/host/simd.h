// Compiling one function for AVX2 inside a portable build: the attribute and
// the intrinsics header where the compiler targets x86; callers choose the
// path at run time with gemm_isa() (int8_gemm.h).
#pragma once

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TS_HAVE_X86 1
#define TS_AVX2 __attribute__((target("avx2")))
#endif
