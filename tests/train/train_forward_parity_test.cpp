// The training forward pass computes what the host reference kernels compute
// on real third-party float models (TFLite padding, strides, depthwise
// multipliers, residual ADDs, pools, MEAN/RESHAPE): the basis for transfer
// learning from any of them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "core/ops/interpreter.h"
#include "core/model/tflite_reader.h"
#include "core/train/train_net.h"
#include "core/train/trainer.h"
#include "core/train/transfer.h"
#include "tests/support/shared_files.h"

using namespace tinysim;
using namespace tinysim::train;

namespace {

void expect_parity(const Model& model, const std::string& what) {
  TrainNet net(model);
  Rng rng(17);
  const int batch = 2;
  std::vector<float> x(size_t(batch) * net.input_size());
  for (auto& v : x) v = float(rng.uniform() * 2 - 1);
  Workspace ws;
  forward(net, ws, x.data(), batch);
  const auto& out = ws.act[net.output()];
  const int64_t n = net.elements(net.output());
  for (int b = 0; b < batch; ++b) {
    std::vector<uint8_t> in(size_t(net.input_size()) * 4);
    std::memcpy(in.data(), x.data() + b * net.input_size(), in.size());
    const auto host = run_host(model, {in}).take();
    ASSERT_EQ(host[0].size(), size_t(n) * 4);
    std::vector<float> h(n);
    std::memcpy(h.data(), host[0].data(), host[0].size());
    float scale = 0;
    for (float v : h) scale = std::max(scale, std::fabs(v));
    for (int64_t i = 0; i < n; ++i)
      EXPECT_NEAR(out[b * n + i], h[i], 1e-4f * std::max(scale, 1e-6f)) << what << " sample " << b << " [" << i << "]";
  }
}

}  // namespace

TEST(TrainForwardParity, MlperfIcResnet8) {
  TINYSIM_REQUIRE_SHARED(p, "mlperf_tiny_ic_pretrainedResnet_float.tflite");
  expect_parity(load_tflite(p.string()).take(), "ic");
}

TEST(TrainForwardParity, MlperfVwwMobileNet) {
  TINYSIM_REQUIRE_SHARED(p, "mlperf_tiny_vww_96_float.tflite");
  expect_parity(load_tflite(p.string()).take(), "vww");
}

TEST(TrainForwardParity, MlperfKwsDsCnnHybridDequantized) {
  TINYSIM_REQUIRE_SHARED(p, "mlperf_tiny_kws_ref_float32.tflite");
  expect_parity(load_tflite(p.string()).take(), "kws");
}

TEST(TrainForwardParity, MlperfAnomalyAutoencoder) {
  TINYSIM_REQUIRE_SHARED(p, "mlperf_tiny_ad01_fp32.tflite");
  expect_parity(load_tflite(p.string()).take(), "ad");
}

TEST(TrainForwardParity, Int8ModelDequantizedTracksTheInt8Model) {
  // to_float_model on the MLPerf KWS int8 model: the float copy's scores
  // agree with the int8 model's top-1 on random inputs most of the time.
  TINYSIM_REQUIRE_SHARED(p, "mlperf_tiny_kws_ref_int8.tflite");
  const Model q = load_tflite(p.string()).take();
  const Model f = to_float_model(q);
  TrainNet net(f);
  EXPECT_EQ(net.num_classes(), 12);
  HostInterpreter interp(q);
  Rng rng(3);
  int agree = 0;
  const int n = 20;
  for (int s = 0; s < n; ++s) {
    std::vector<float> x(size_t(net.input_size()));
    for (auto& v : x) v = float(rng.uniform() * 60 - 30);
    interp.set_input_from_float(0, x);
    interp.invoke();
    const auto hq = interp.output_as_float(0);
    Workspace ws;
    forward(net, ws, x.data(), 1);
    const auto& z = ws.act[net.output()];
    agree += (std::max_element(hq.begin(), hq.end()) - hq.begin()) == (std::max_element(z.begin(), z.end()) - z.begin());
  }
  EXPECT_GE(agree, n * 8 / 10);
}
