// The GEMM forms of the host CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED
// int8 kernels give the same bytes as the tap-walking reference loops, on
// both code paths (AVX2 where the CPU has it, portable always), over random
// shapes, strides, dilations, padding, groups, depth multipliers, offsets
// and per-channel multipliers; the requantization matches fixed_point.h at
// the int32 extremes; float conv (Eigen) agrees with the float loop within
// rounding.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/common/fixed_point.h"
#include "core/host/int8_gemm.h"
#include "core/host/kernels.h"

using namespace tinysim;
using namespace tinysim::kernels;

namespace {

std::vector<GemmIsa> isas() {
  std::vector<GemmIsa> v{GemmIsa::Portable};
  reset_gemm_isa();
  if (gemm_isa() == GemmIsa::Avx2) v.push_back(GemmIsa::Avx2);
  return v;
}

struct IsaGuard {
  explicit IsaGuard(GemmIsa isa) { force_gemm_isa(isa); }
  ~IsaGuard() { reset_gemm_isa(); }
};

int32_t rand_in(std::mt19937& rng, int32_t lo, int32_t hi) { return std::uniform_int_distribution<int32_t>(lo, hi)(rng); }

template <class T>
std::vector<T> random_values(std::mt19937& rng, int64_t n, int32_t lo, int32_t hi) {
  std::vector<T> v(static_cast<size_t>(n));
  for (auto& x : v) x = static_cast<T>(rand_in(rng, lo, hi));
  return v;
}

// Random requantization: a Q31 multiplier and a shift per channel (conv and
// depthwise prepare broadcast a per-tensor scale to every channel; fully
// connected may keep one entry: `single`), offsets, and a clamp inside the
// int8 range.
void random_requant(std::mt19937& rng, Requant& q, int32_t channels, bool single = false) {
  const bool same = rand_in(rng, 0, 1) == 0;
  const int32_t n = single && same ? 1 : channels;
  q.output_multiplier.clear();
  q.output_shift.clear();
  for (int32_t c = 0; c < n; ++c) {
    if (same && c > 0) {
      q.output_multiplier.push_back(q.output_multiplier[0]);
      q.output_shift.push_back(q.output_shift[0]);
      continue;
    }
    q.output_multiplier.push_back(rand_in(rng, 1 << 30, std::numeric_limits<int32_t>::max()));
    q.output_shift.push_back(rand_in(rng, -14, 3));
  }
  q.input_offset = rand_in(rng, -127, 128);
  q.output_offset = rand_in(rng, -128, 127);
  q.act_min = rand_in(rng, -128, 0);
  q.act_max = rand_in(rng, q.act_min, 127);
}

// A random conv or depthwise geometry with output sizes that fit the window.
ConvData random_conv(std::mt19937& rng, bool depthwise) {
  ConvData p;
  p.input_shape = {rand_in(rng, 1, 2), rand_in(rng, 1, 9), rand_in(rng, 1, 9), rand_in(rng, 1, 13)};
  p.filter_h = rand_in(rng, 1, 3);
  p.filter_w = rand_in(rng, 1, 3);
  p.stride_h = rand_in(rng, 1, 2);
  p.stride_w = rand_in(rng, 1, 2);
  p.dilation_h = rand_in(rng, 1, 2);
  p.dilation_w = rand_in(rng, 1, 2);
  p.pad_h = rand_in(rng, 0, 2);
  p.pad_w = rand_in(rng, 0, 2);
  const int32_t eff_h = (p.filter_h - 1) * p.dilation_h + 1, eff_w = (p.filter_w - 1) * p.dilation_w + 1;
  const int32_t span_h = std::max(eff_h, p.input_shape.h + p.pad_h + rand_in(rng, 0, 2));
  const int32_t span_w = std::max(eff_w, p.input_shape.w + p.pad_w + rand_in(rng, 0, 2));
  const int32_t out_h = (span_h - eff_h) / p.stride_h + 1, out_w = (span_w - eff_w) / p.stride_w + 1;
  const int32_t in_c = p.input_shape.c;
  int32_t out_c;
  if (depthwise) {
    p.depth_multiplier = rand_in(rng, 1, 3);
    out_c = in_c * p.depth_multiplier;
    p.filter_shape = {1, p.filter_h, p.filter_w, out_c};
  } else {
    std::vector<int32_t> divisors;
    for (int32_t g = 1; g <= in_c; ++g)
      if (in_c % g == 0) divisors.push_back(g);
    p.groups = rand_in(rng, 0, 3) == 0 ? divisors[static_cast<size_t>(rand_in(rng, 0, int32_t(divisors.size()) - 1))] : 1;
    out_c = p.groups * rand_in(rng, 1, 20 / p.groups + 1);
    p.filter_shape = {out_c, p.filter_h, p.filter_w, in_c / p.groups};
  }
  p.output_shape = {p.input_shape.n, out_h, out_w, out_c};
  random_requant(rng, p, out_c);
  return p;
}

std::string describe(const ConvData& p) {
  std::ostringstream o;
  o << "in " << p.input_shape.n << "x" << p.input_shape.h << "x" << p.input_shape.w << "x" << p.input_shape.c
    << " out " << p.output_shape.h << "x" << p.output_shape.w << "x" << p.output_shape.c << " filter " << p.filter_h
    << "x" << p.filter_w << " stride " << p.stride_h << "," << p.stride_w << " dilation " << p.dilation_h << ","
    << p.dilation_w << " pad " << p.pad_h << "," << p.pad_w << " groups " << p.groups << " multiplier "
    << p.depth_multiplier;
  return o.str();
}

using ConvKernel = void (*)(const ConvData&, const int8_t*, const int8_t*, const int32_t*, int8_t*);

// 300 random geometries: the kernel's bytes equal the reference's on every path.
void expect_conv_matches(uint32_t seed, bool depthwise, ConvKernel reference, ConvKernel kernel) {
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 300; ++trial) {
    const ConvData p = random_conv(rng, depthwise);
    const auto input = random_values<int8_t>(rng, p.input_shape.size(), -128, 127);
    const auto filter = random_values<int8_t>(rng, p.filter_shape.size(), -128, 127);
    const auto bias = random_values<int32_t>(rng, p.output_shape.c, -40000, 40000);
    const int32_t* b = trial % 5 == 0 ? nullptr : bias.data();
    std::vector<int8_t> want(static_cast<size_t>(p.output_shape.size())), got(want.size());
    reference(p, input.data(), filter.data(), b, want.data());
    for (GemmIsa isa : isas()) {
      IsaGuard guard(isa);
      std::fill(got.begin(), got.end(), int8_t{0x55});
      kernel(p, input.data(), filter.data(), b, got.data());
      ASSERT_EQ(got, want) << "trial " << trial << " on " << gemm_isa_name(isa) << ": " << describe(p);
    }
  }
}

TEST(GemmKernels, Conv2DInt8MatchesReferenceOnEveryPath) {
  expect_conv_matches(12, false, conv2d_int8_reference, conv2d_int8);
}

// The conv keeps packed filters per thread: a filter changed in place behind
// the same pointer must be packed again, not served from the cache.
TEST(GemmKernels, Conv2DInt8SeesAFilterChangedInPlace) {
  std::mt19937 rng(19);
  const ConvData p = random_conv(rng, false);
  const auto input = random_values<int8_t>(rng, p.input_shape.size(), -128, 127);
  auto filter = random_values<int8_t>(rng, p.filter_shape.size(), -128, 127);
  std::vector<int8_t> want(static_cast<size_t>(p.output_shape.size())), got(want.size());
  for (int round = 0; round < 3; ++round) {
    conv2d_int8_reference(p, input.data(), filter.data(), nullptr, want.data());
    conv2d_int8(p, input.data(), filter.data(), nullptr, got.data());
    ASSERT_EQ(got, want) << "round " << round;
    filter[static_cast<size_t>(round) % filter.size()] ^= 0x5A;
  }
}

TEST(GemmKernels, DepthwiseConv2DInt8MatchesReferenceOnEveryPath) {
  expect_conv_matches(13, true, depthwise_conv2d_int8_reference, depthwise_conv2d_int8);
}

TEST(GemmKernels, FullyConnectedInt8MatchesReferenceOnEveryPath) {
  std::mt19937 rng(14);
  for (int trial = 0; trial < 300; ++trial) {
    FullyConnectedData p;
    p.fc_batches = rand_in(rng, 1, 3);
    p.fc_accum_depth = rand_in(rng, 1, 300);
    p.fc_output_depth = rand_in(rng, 1, 40);
    p.filter_offset = rand_in(rng, 0, 1) ? 0 : rand_in(rng, -127, 128);
    random_requant(rng, p, p.fc_output_depth, true);
    const auto input = random_values<int8_t>(rng, int64_t{p.fc_batches} * p.fc_accum_depth, -128, 127);
    const auto weights = random_values<int8_t>(rng, int64_t{p.fc_output_depth} * p.fc_accum_depth, -128, 127);
    const auto bias = random_values<int32_t>(rng, p.fc_output_depth, -40000, 40000);
    const int32_t* b = trial % 5 == 0 ? nullptr : bias.data();
    std::vector<int8_t> want(static_cast<size_t>(p.fc_batches * p.fc_output_depth)), got(want.size());
    fully_connected_int8_reference(p, input.data(), weights.data(), b, want.data());
    for (GemmIsa isa : isas()) {
      IsaGuard guard(isa);
      std::fill(got.begin(), got.end(), int8_t{0x55});
      fully_connected_int8(p, input.data(), weights.data(), b, got.data());
      ASSERT_EQ(got, want) << "trial " << trial << " on " << gemm_isa_name(isa);
    }
  }
}

// Every accumulator, multiplier and shift TFLite can produce, including the
// int32 extremes, wrapping bias additions and SaturatingRoundingDoublingHighMul's
// one overflow case (both operands INT32_MIN).
TEST(GemmKernels, RequantizationMatchesFixedPointAtTheExtremes) {
  std::mt19937 rng(15);
  const int32_t kMin = std::numeric_limits<int32_t>::min(), kMax = std::numeric_limits<int32_t>::max();
  const std::vector<int32_t> specials{kMin, kMin + 1, -1, 0, 1, kMax - 1, kMax, 1 << 30, -(1 << 30)};
  const int32_t channels = 24, rows = 64;
  for (int trial = 0; trial < 200; ++trial) {
    Requant q;
    for (int32_t c = 0; c < channels; ++c) {
      const int kind = rand_in(rng, 0, 9);
      q.output_multiplier.push_back(kind == 0 ? kMin : kind == 1 ? 0 : rand_in(rng, 1 << 30, kMax));
      q.output_shift.push_back(rand_in(rng, -31, 31));
    }
    q.output_offset = rand_in(rng, -128, 127);
    q.act_min = -128;
    q.act_max = 127;
    std::vector<int32_t> bias(static_cast<size_t>(channels));
    for (auto& b : bias) b = rand_in(rng, 0, 3) == 0 ? 0 : rand_in(rng, kMin, kMax);
    std::vector<int32_t> acc(static_cast<size_t>(rows * channels));
    for (auto& a : acc)
      a = rand_in(rng, 0, 2) == 0 ? specials[size_t(rand_in(rng, 0, int32_t(specials.size()) - 1))] : rand_in(rng, kMin, kMax);
    if (trial % 4 == 0) std::fill(bias.begin(), bias.end(), 0);  // lets INT32_MIN reach the multiply
    std::vector<int8_t> want(acc.size());
    for (int32_t i = 0; i < rows; ++i)
      for (int32_t c = 0; c < channels; ++c) {
        int32_t v = ts_add_wrap(acc[size_t(i * channels + c)], bias[size_t(c)]);
        v = ts_multiply_by_quantized_multiplier(v, q.output_multiplier[size_t(c)], q.output_shift[size_t(c)]);
        want[size_t(i * channels + c)] = static_cast<int8_t>(ts_clamp_i32(ts_add_wrap(v, q.output_offset), -128, 127));
      }
    RequantTable t;
    make_requant_table(q, bias.data(), channels, t);
    for (GemmIsa isa : isas()) {
      IsaGuard guard(isa);
      std::vector<int8_t> got(acc.size(), 0x55);
      requantize_rows(acc.data(), rows, channels, t, got.data(), channels);
      ASSERT_EQ(got, want) << "trial " << trial << " on " << gemm_isa_name(isa);
    }
  }
}

// Float depthwise runs the reference's operations in its order: equal values
// (a border tap adds +-0, so only an all-zero sum's sign may differ).
TEST(GemmKernels, DepthwiseConv2DFloatEqualsTheLoop) {
  std::mt19937 rng(18);
  std::uniform_real_distribution<float> d(-1.f, 1.f);
  for (int trial = 0; trial < 200; ++trial) {
    ConvData p = random_conv(rng, true);
    p.act_min_f = trial % 2 ? 0.f : -std::numeric_limits<float>::max();
    p.act_max_f = trial % 3 ? 6.f : std::numeric_limits<float>::max();
    std::vector<float> input(static_cast<size_t>(p.input_shape.size())), filter(static_cast<size_t>(p.filter_shape.size())),
        bias(static_cast<size_t>(p.output_shape.c));
    for (auto* v : {&input, &filter, &bias})
      for (auto& x : *v) x = d(rng);
    const float* b = trial % 5 == 0 ? nullptr : bias.data();
    std::vector<float> want(static_cast<size_t>(p.output_shape.size()));
    depthwise_conv2d_float_reference(p, input.data(), filter.data(), b, want.data());
    for (GemmIsa isa : isas()) {
      IsaGuard guard(isa);
      std::vector<float> got(want.size(), 1e30f);
      depthwise_conv2d_float(p, input.data(), filter.data(), b, got.data());
      for (size_t i = 0; i < want.size(); ++i)
        ASSERT_EQ(got[i], want[i]) << "trial " << trial << " at " << i << " on " << gemm_isa_name(isa);
    }
  }
}

// Float FULLY_CONNECTED sums in the Cortex-M4 kernel's order
// (kernels/fully_connected_f32.c): the same bits as that loop written out
// here, on both paths, for depths around the AVX2 path's blocks of eight and
// unit counts that leave partial row blocks.
TEST(GemmKernels, FullyConnectedFloatEqualsTheTargetLoopBitForBit) {
  std::mt19937 rng(19);
  std::uniform_real_distribution<float> d(-1.f, 1.f);
  for (int trial = 0; trial < 300; ++trial) {
    FullyConnectedData p;
    p.fc_batches = rand_in(rng, 1, 3);
    p.fc_accum_depth = rand_in(rng, 1, 70);
    p.fc_output_depth = rand_in(rng, 1, 21);
    p.act_min_f = trial % 2 ? 0.f : -std::numeric_limits<float>::max();
    p.act_max_f = trial % 3 ? 6.f : std::numeric_limits<float>::max();
    const int32_t D = p.fc_accum_depth, U = p.fc_output_depth;
    std::vector<float> input(static_cast<size_t>(p.fc_batches * D)), weights(static_cast<size_t>(U * D)),
        bias(static_cast<size_t>(U));
    for (auto* v : {&input, &weights, &bias})
      for (auto& x : *v) x = d(rng) * (trial % 7 == 0 ? 1e-30f : 1.f);  // subnormal products too
    const float* b = trial % 5 == 0 ? nullptr : bias.data();
    std::vector<float> want(size_t(p.fc_batches) * size_t(U));
    for (int32_t n = 0; n < p.fc_batches; ++n)
      for (int32_t u = 0; u < U; ++u) {
        volatile float acc = 0.f;  // one rounding per step, as the target's VMUL + VADD
        for (int32_t k = 0; k < D; ++k) {
          const volatile float prod = input[size_t(n * D + k)] * weights[size_t(u * D + k)];
          acc = acc + prod;
        }
        float v = acc;
        if (b) v += b[u];
        want[size_t(n * U + u)] = v < p.act_min_f ? p.act_min_f : (v > p.act_max_f ? p.act_max_f : v);
      }
    for (GemmIsa isa : isas()) {
      IsaGuard guard(isa);
      std::vector<float> got(want.size(), 1e30f);
      fully_connected_float(p, input.data(), weights.data(), b, got.data());
      ASSERT_EQ(0, std::memcmp(got.data(), want.data(), want.size() * sizeof(float)))
          << "trial " << trial << " D " << D << " U " << U << " on " << gemm_isa_name(isa);
    }
  }
}

// Eigen sums in another order: each output within a few float ulps of the
// magnitude of its terms.
TEST(GemmKernels, Conv2DFloatAgreesWithTheLoopWithinRounding) {
  std::mt19937 rng(16);
  std::uniform_real_distribution<float> d(-1.f, 1.f);
  for (int trial = 0; trial < 100; ++trial) {
    ConvData p = random_conv(rng, false);
    p.act_min_f = -std::numeric_limits<float>::max();
    p.act_max_f = std::numeric_limits<float>::max();
    std::vector<float> input(static_cast<size_t>(p.input_shape.size())), filter(static_cast<size_t>(p.filter_shape.size())),
        bias(static_cast<size_t>(p.output_shape.c));
    for (auto* v : {&input, &filter, &bias})
      for (auto& x : *v) x = d(rng);
    std::vector<float> want(static_cast<size_t>(p.output_shape.size())), got(want.size());
    conv2d_float_reference(p, input.data(), filter.data(), bias.data(), want.data());
    conv2d_float(p, input.data(), filter.data(), bias.data(), got.data());
    const float bound = 1e-5f * float(p.filter_shape.h * p.filter_shape.w * p.filter_shape.c + 1);
    for (size_t i = 0; i < want.size(); ++i) ASSERT_NEAR(got[i], want[i], bound) << "trial " << trial << " at " << i;
  }
}

// The vectorised float -> int8 quantization against std::round's half away
// from zero: ties, values just below ties, huge values, infinities, NaN.
TEST(GemmKernels, QuantizeFloatsMatchesRoundHalfAwayFromZero) {
  std::mt19937 rng(17);
  std::vector<float> x;
  for (float base : {0.5f, 1.5f, 2.5f, 126.5f, 127.5f, 8388607.5f})
    for (float s : {1.f, -1.f}) {
      x.push_back(s * base);
      x.push_back(s * std::nextafter(base, 0.f));
      x.push_back(s * std::nextafter(base, 1e30f));
    }
  for (float v : {0.f, -0.f, 1e9f, -1e9f, 3e9f, -3e9f, std::numeric_limits<float>::infinity(),
                  -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN(),
                  std::numeric_limits<float>::denorm_min()})
    x.push_back(v);
  std::uniform_real_distribution<float> d(-300.f, 300.f);
  while (x.size() < 4099) x.push_back(d(rng));
  for (float scale : {1.f, 0.00392157f, 0.1f, 3.f}) {
    for (int32_t zp : {-128, -5, 0, 81}) {
      std::vector<int8_t> want(x.size());
      for (size_t i = 0; i < x.size(); ++i) {
        float r = std::round(x[i] / scale);
        if (std::isnan(r)) r = 0.f;
        r = std::fmin(std::fmax(r, -1e9f), 1e9f);
        want[i] = static_cast<int8_t>(ts_clamp_i32(static_cast<int32_t>(r) + zp, -128, 127));
      }
      for (GemmIsa isa : isas()) {
        IsaGuard guard(isa);
        std::vector<int8_t> got(x.size(), 0x55);
        quantize_floats_int8(x.data(), int64_t(x.size()), scale, zp, -128, 127, got.data());
        ASSERT_EQ(got, want) << "scale " << scale << " zero point " << zp << " on " << gemm_isa_name(isa);
      }
    }
  }
}

}  // namespace
