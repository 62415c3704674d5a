/* TFLite's int16 logistic and tanh (reference_integer_ops::Logistic and
 * ::Tanh for int16, kernels/internal/reference/integer_ops/logistic.h and
 * tanh.h): a 256-entry table of sigmoid(i / 24) in unsigned Q0.16 (TFLite's
 * sigmoid_table_uint16, kernels/internal/common.h; CMSIS-NN ships the same
 * table as arm_nntables.c), linear interpolation between entries, and
 * tanh(x) = 2 * sigmoid(2x) - 1 on the same table. Written in the common
 * subset of C99 and C++ (like fixed_point.h) so the host kernels and the
 * Cortex-M4 runtime run the same definitions.
 *
 * Parameters as TFLite passes them: input_multiplier 0 means a power-of-two
 * input scale (the multiplier becomes 3 << input_left_shift, the 3/4 range
 * expansion), otherwise the input is multiplied by input_multiplier and
 * shifted right by input_left_shift with rounding. The LSTM calls sigmoid
 * with (0, 0) (gate inputs in Q3.12) and tanh with the cell state's
 * power-of-two scale (ts_lstm_tanh_params). Output is Q0.15. */
#ifndef TINYSIM_CORE_COMMON_INT16_ACTIVATIONS_H_
#define TINYSIM_CORE_COMMON_INT16_ACTIVATIONS_H_

#include <stdint.h>

/* TFLite's table, value for value (it is not a rounding of a formula one
 * could regenerate: 44 entries differ from round(65536 / (1 + e^(-i/24)))). */
static const uint16_t ts_sigmoid_table_u16[256] = {
    32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149, 40794, 41432, 42064, 42688,
    43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369, 47911, 48443, 48964, 49475, 49975, 50464, 50942, 51409,
    51865, 52311, 52745, 53169, 53581, 53983, 54374, 54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433,
    57724, 58007, 58280, 58544, 58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370, 60565, 60753, 60935, 61110,
    61279, 61441, 61599, 61750, 61896, 62036, 62172, 62302, 62428, 62549, 62666, 62778, 62886, 62990, 63090, 63186,
    63279, 63368, 63454, 63536, 63615, 63691, 63765, 63835, 63903, 63968, 64030, 64090, 64148, 64204, 64257, 64308,
    64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786, 64816, 64845, 64873, 64900,
    64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079, 65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208,
    65221, 65234, 65246, 65258, 65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360, 65367,
    65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433, 65438, 65442, 65445, 65449,
    65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474, 65476, 65479, 65481, 65483, 65485, 65488, 65489, 65491,
    65493, 65495, 65497, 65498, 65500, 65501, 65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513,
    65514, 65515, 65516, 65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522, 65523, 65523, 65524, 65524,
    65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528, 65528, 65528, 65529, 65529, 65529, 65529, 65530, 65530,
    65530, 65530, 65531, 65531, 65531, 65531, 65531, 65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533,
    65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65535};

/* The scaled input both functions start from. */
static inline int32_t ts_int16_act_input(int16_t x, int32_t input_multiplier, int32_t input_left_shift) {
  int32_t mult = input_multiplier, shift = input_left_shift;
  if (mult == 0) { /* power-of-two scale */
    mult = 3 << shift;
    shift = 0;
  }
  const int32_t round = shift > 0 ? (1 << (shift - 1)) : 0;
  return ((int32_t)x * mult + round) >> shift;
}

/* The table at |x| = a with frac_bits fractional bits, interpolated
 * linearly (unsigned wrap-around as in TFLite), or `saturated` past its end. */
static inline uint32_t ts_sigmoid_table_at(uint32_t a, int frac_bits, uint32_t saturated) {
  const uint32_t uh = a >> frac_bits;
  if (uh >= 255) return saturated;
  const uint32_t ua = ts_sigmoid_table_u16[uh], ub = ts_sigmoid_table_u16[uh + 1];
  return (ua << frac_bits) + (a & ((1u << frac_bits) - 1u)) * (ub - ua);
}

/* int16 logistic: Q0.15 output in [0, 32767]. */
static inline int16_t ts_logistic_s16(int16_t x, int32_t input_multiplier, int32_t input_left_shift) {
  const int32_t v = ts_int16_act_input(x, input_multiplier, input_left_shift);
  uint32_t result = ts_sigmoid_table_at((uint32_t)(v >= 0 ? v : -v), 9, 0x7FFFu << 10);
  result = v >= 0 ? result + (1u << 9) : (1u << (16 + 9)) - result + (1u << 9) - 1u;
  return (int16_t)(result >> 10);
}

/* int16 tanh: Q0.15 output in [-32768, 32767]. */
static inline int16_t ts_tanh_s16(int16_t x, int32_t input_multiplier, int32_t input_left_shift) {
  const int32_t v = ts_int16_act_input(x, input_multiplier, input_left_shift);
  int32_t result = (int32_t)ts_sigmoid_table_at((uint32_t)(v >= 0 ? v : -v), 8, 0xFFFFu << 8);
  result = v >= 0 ? result - (1 << (14 + 9)) + (1 << (9 - 2)) : -result + (1 << (14 + 9)) + (1 << (9 - 2)) - 1;
  return (int16_t)(result >> (9 - 1)); /* arithmetic shift, as TFLite's int32 >>= */
}

#endif /* TINYSIM_CORE_COMMON_INT16_ACTIVATIONS_H_ */
