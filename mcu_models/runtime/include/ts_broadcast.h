/* 4-D broadcasting for binary ops: an operand dim of 1 is repeated. Calls
 * BODY(i1, i2, io) for every output element in NHWC order. */
#ifndef TS_BROADCAST_H
#define TS_BROADCAST_H

#include "tinysim_plan.h"

#define TS_BROADCAST_4D(a, b, o, BODY)                                                     \
  do {                                                                                     \
    int32_t sa[4], sb[4];                                                                  \
    int32_t st_a = 1, st_b = 1;                                                            \
    for (int d = 3; d >= 0; --d) {                                                         \
      sa[d] = (a)->dims[d] == 1 ? 0 : st_a;                                                \
      sb[d] = (b)->dims[d] == 1 ? 0 : st_b;                                                \
      st_a *= (a)->dims[d];                                                                \
      st_b *= (b)->dims[d];                                                                \
    }                                                                                      \
    int32_t io = 0;                                                                        \
    for (int n = 0; n < (o)->dims[0]; ++n)                                                 \
      for (int h = 0; h < (o)->dims[1]; ++h)                                               \
        for (int w = 0; w < (o)->dims[2]; ++w)                                             \
          for (int c = 0; c < (o)->dims[3]; ++c, ++io) {                                   \
            const int32_t i1 = n * sa[0] + h * sa[1] + w * sa[2] + c * sa[3];              \
            const int32_t i2 = n * sb[0] + h * sb[1] + w * sb[2] + c * sb[3];              \
            BODY;                                                                          \
          }                                                                                \
  } while (0)

#endif
