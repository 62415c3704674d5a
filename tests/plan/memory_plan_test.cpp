#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "core/common/error.h"
#include "core/model/tflite_reader.h"
#include "core/plan/memory_plan.h"
#include "tests/support/shared_files.h"

using namespace tinysim;

namespace {

int add_tensor(Model& m, int64_t bytes, bool constant = false) {
  Tensor t;
  t.type = DType::Int8;
  t.shape = {static_cast<int32_t>(bytes)};
  if (constant) t.data.assign(static_cast<size_t>(bytes), 1);
  m.tensors.push_back(t);
  return static_cast<int>(m.tensors.size() - 1);
}

void add_op(Model& m, std::vector<int> in, std::vector<int> out) {
  Operator op;
  op.type = OpType::Relu;
  op.inputs = std::move(in);
  op.outputs = std::move(out);
  m.ops.push_back(op);
}

// No two tensors that are live at the same op share a byte; all aligned.
void expect_valid(const Model& m, const MemoryPlan& p) {
  for (size_t a = 0; a < m.tensors.size(); ++a) {
    if (p.offsets[a] < 0) continue;
    EXPECT_EQ(p.offsets[a] % p.alignment, 0) << "tensor " << a;
    EXPECT_LE(p.offsets[a] + p.sizes[a], p.arena_bytes) << "tensor " << a;
    for (size_t b = a + 1; b < m.tensors.size(); ++b) {
      if (p.offsets[b] < 0 || p.sizes[a] == 0 || p.sizes[b] == 0) continue;
      const bool time = p.first_op[a] <= p.last_op[b] && p.first_op[b] <= p.last_op[a];
      const bool space = p.offsets[a] < p.offsets[b] + p.sizes[b] && p.offsets[b] < p.offsets[a] + p.sizes[a];
      EXPECT_FALSE(time && space) << "tensors " << a << " and " << b << " overlap in " << m.source;
    }
  }
  EXPECT_EQ(p.arena_bytes % p.alignment, 0);
  for (size_t i = 0; i < m.ops.size(); ++i) {
    EXPECT_LE(p.live_bytes[i], p.arena_bytes);
    for (int t : m.ops[i].inputs)
      if (t >= 0 && !m.tensors[static_cast<size_t>(t)].is_constant()) {
        EXPECT_TRUE(std::count(p.live_tensors[i].begin(), p.live_tensors[i].end(), t)) << "op " << i;
      }
  }
}

}  // namespace

TEST(MemoryPlan, ChainReusesMemory) {
  // in(100) -> a(200) -> b(50) -> out(30), plus a constant weight.
  Model m;
  const int in = add_tensor(m, 100), a = add_tensor(m, 200), b = add_tensor(m, 50), out = add_tensor(m, 30);
  const int w = add_tensor(m, 64, /*constant=*/true);
  add_op(m, {in, w}, {a});
  add_op(m, {a}, {b});
  add_op(m, {b}, {out});
  m.inputs = {in};
  m.outputs = {out};
  const MemoryPlan p = plan_memory(m);
  // Largest first: a(208) at 0; in(112) overlaps a in time -> 208;
  // b(64) overlaps a only -> 208 (in is dead by op 1); out(32) overlaps b -> 0.
  EXPECT_EQ(p.offsets[static_cast<size_t>(a)], 0);
  EXPECT_EQ(p.offsets[static_cast<size_t>(in)], 208);
  EXPECT_EQ(p.offsets[static_cast<size_t>(b)], 208);
  EXPECT_EQ(p.offsets[static_cast<size_t>(out)], 0);
  EXPECT_EQ(p.offsets[static_cast<size_t>(w)], -1);
  EXPECT_EQ(p.arena_bytes, 320);
  EXPECT_EQ(p.live_bytes[0], 112 + 208);
  EXPECT_EQ(p.live_bytes[1], 208 + 64);
  EXPECT_EQ(p.live_bytes[2], 64 + 32);
  EXPECT_EQ(p.live_tensors[1], (std::vector<int>{a, b}));
  EXPECT_EQ(p.first_op[static_cast<size_t>(in)], 0);
  EXPECT_EQ(p.last_op[static_cast<size_t>(out)], 2);
  expect_valid(m, p);
}

TEST(MemoryPlan, ResidualBranchKeepsSkipAlive) {
  // x -> c1 -> c2 ; add(x, c2) -> y. x must survive until the add.
  Model m;
  const int x = add_tensor(m, 64), c1 = add_tensor(m, 128), c2 = add_tensor(m, 64), y = add_tensor(m, 64);
  add_op(m, {x}, {c1});
  add_op(m, {c1}, {c2});
  add_op(m, {x, c2}, {y});
  m.inputs = {x};
  m.outputs = {y};
  const MemoryPlan p = plan_memory(m);
  EXPECT_EQ(p.first_op[static_cast<size_t>(x)], 0);
  EXPECT_EQ(p.last_op[static_cast<size_t>(x)], 2);
  // c1 (128) at 0; x (64, live 0..2) -> 128; c2 (64, live 1..2) overlaps c1
  // and x -> 192; y (64, live 2) overlaps x and c2 -> 0 (c1 is dead).
  EXPECT_EQ(p.offsets[static_cast<size_t>(c1)], 0);
  EXPECT_EQ(p.offsets[static_cast<size_t>(x)], 128);
  EXPECT_EQ(p.offsets[static_cast<size_t>(c2)], 192);
  EXPECT_EQ(p.offsets[static_cast<size_t>(y)], 0);
  EXPECT_EQ(p.arena_bytes, 256);
  EXPECT_EQ(p.live_bytes[2], 64 * 3);
  expect_valid(m, p);
}

TEST(MemoryPlan, AlignmentIsApplied) {
  Model m;
  const int a = add_tensor(m, 3), b = add_tensor(m, 5);
  add_op(m, {a}, {b});
  m.inputs = {a};
  m.outputs = {b};
  const MemoryPlan p4 = plan_memory(m, 4);
  EXPECT_EQ(p4.arena_bytes, 8 + 4);
  EXPECT_EQ(p4.offsets[static_cast<size_t>(b)], 0);
  EXPECT_EQ(p4.offsets[static_cast<size_t>(a)], 8);
  EXPECT_EQ(p4.sizes[static_cast<size_t>(a)], 3);
  EXPECT_THROW(plan_memory(m, 12), Error);
}

TEST(MemoryPlan, NoLiveOverlapOnAnyThirdPartyModel) {
  const auto dir = test::shared_dir() / "third_party_models";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "needs " << dir;
  int checked = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".tflite") continue;
    auto m = load_tflite(e.path().string());
    ASSERT_TRUE(m.ok()) << m.error().what();
    const MemoryPlan p = plan_memory(*m);
    expect_valid(*m, p);
    int64_t peak_live = 0;
    for (int64_t b : p.live_bytes) peak_live = std::max(peak_live, b);
    EXPECT_GE(p.arena_bytes, peak_live) << e.path();
    ++checked;
  }
  EXPECT_GE(checked, 20);
}

TEST(MemoryPlan, VwwInt8ArenaIsPlausible) {
  TINYSIM_REQUIRE_SHARED(path, "mlperf_tiny_vww_96_int8.tflite");
  auto m = load_tflite(path.string());
  ASSERT_TRUE(m.ok());
  const MemoryPlan p = plan_memory(*m);
  // The biggest step is the first conv: 96x96x3 input plus 48x48x8 output.
  const int64_t first_step = 96 * 96 * 3 + 48 * 48 * 8;
  EXPECT_GE(p.arena_bytes, first_step);
  EXPECT_LT(p.arena_bytes, 2 * first_step);
}
