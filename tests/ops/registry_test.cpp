// Walks every registered op: it must have a name, a MAC rule and a version
// rule, and for every type combination it claims, its example model must
// prepare to that kernel type, run on the host kernels, round-trip through
// the .tflite writer, and either be planned for the Cortex-M4 firmware (with
// every plan record readable back and outputs bit-exact with the host on
// the emulator, hard-float, soft-float and portable builds) or be refused by
// the firmware when the combination is marked host-only.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/emu/mcu_profile.h"
#include "core/model/model_stats.h"
#include "core/model/tflite_reader.h"
#include "core/model/tflite_writer.h"
#include "core/ops/interpreter.h"
#include "core/ops/op_registry.h"
#include "core/plan/memory_plan.h"
#include "core/target/model_inputs.h"
#include "core/target/plan_reader.h"
#include "core/target/plan_writer.h"
#include "core/target/target_run.h"

namespace tinysim {
namespace {

std::string label(const ops::OpDef& d, KernelType k) {
  return std::string(op_name(d.schema.type)) + " " + kernel_type_name(k);
}

TEST(OpRegistry, EveryOpIsCompletelyDefined) {
  const auto all = ops::all_ops();
  ASSERT_GE(all.size(), 18u);
  for (const ops::OpDef* d : all) {
    SCOPED_TRACE(op_name(d->schema.type));
    EXPECT_STRNE(op_name(d->schema.type), "BUILTIN");
    EXPECT_NE(d->schema.macs, nullptr) << "no MAC rule";
    EXPECT_NE(d->schema.min_version, nullptr) << "no version rule";
    EXPECT_NE(d->prepare, nullptr);
    EXPECT_TRUE(d->eval || d->eval_state) << "no host kernel";
    EXPECT_EQ(d->eval_state != nullptr, d->state_bytes != nullptr) << "a stateful kernel needs its state size";
    EXPECT_NE(d->example, nullptr) << "no example for the registry test";
    EXPECT_FALSE(d->combos.empty());
    // the graph layer (reader, writer, stats) sees the same entry
    const OpSchema* schema = find_op_schema(d->schema.type, d->schema.custom_name);
    ASSERT_NE(schema, nullptr);
    EXPECT_EQ(schema->macs, d->schema.macs);
    for (const ops::KernelCombo& c : d->combos) {
      EXPECT_TRUE(c.backends & ops::kHost) << "every combination runs on the host (the reference)";
      EXPECT_STRNE(c.types, "");
      if (c.backends & ops::kFirmware) EXPECT_NE(d->emit, nullptr) << "claims a firmware kernel but has no plan record";
    }
  }
}

TEST(OpRegistry, EveryClaimedCombinationRunsWhereItClaims) {
  const emu::McuProfile profile = emu::load_profile("stm32l4r5").take();
  for (const ops::OpDef* d : ops::all_ops()) {
    for (const ops::KernelCombo& c : d->combos) {
      SCOPED_TRACE(label(*d, c.kernel));
      const Model m = d->example(c.kernel);
      ASSERT_EQ(m.ops.size(), 1u);
      // prepare picks the claimed kernel
      const std::unique_ptr<OpData> data = ops::prepare_op(m, 0);
      EXPECT_EQ(data->kernel, c.kernel);
      // MACs and version rules run
      EXPECT_GE(model_stats(m).total_macs, 0);
      EXPECT_GE(min_op_version(m, m.ops[0]), 1);
      // host kernel
      const auto inputs = target::model_inputs(m, {}, 7);
      auto host = run_host(m, inputs);
      ASSERT_TRUE(host.ok()) << host.error().what();
      // options and version survive the writer
      auto bytes = serialize_tflite(m);
      ASSERT_TRUE(bytes.ok()) << bytes.error().what();
      auto back = parse_tflite(bytes->data(), bytes->size(), m.source);
      ASSERT_TRUE(back.ok()) << back.error().what();
      EXPECT_EQ(back->ops[0].options, m.ops[0].options);
      EXPECT_EQ(back->ops[0].type, m.ops[0].type);

      const MemoryPlan memory = plan_memory(m);
      if (!(c.backends & ops::kFirmware)) {
        EXPECT_THROW(target::build_plan(m, memory), Error) << "marked host-only but the firmware accepts it";
        continue;
      }
      const target::PlanBlob blob = target::build_plan(m, memory);
      // every record reads back: known kind, its size, this op (an op may
      // run as several records, SPLIT as one walk per output)
      auto records = target::read_plan(blob.bytes);
      ASSERT_TRUE(records.ok()) << records.error().what();
      ASSERT_GE(records->size(), 1u);
      for (const auto& r : *records) EXPECT_EQ(r.op_index, 0u);
      int64_t out_elements = data->flat_size;  // several outputs: all of them
      if (m.outputs.size() > 1) {
        out_elements = 0;
        for (int t : m.outputs) out_elements += m.tensors[static_cast<size_t>(t)].num_elements();
      }
      for (auto variant : {target::FirmwareVariant::HardFloat, target::FirmwareVariant::SoftFloat,
                           target::FirmwareVariant::Portable}) {
        target::TargetOptions o;
        o.firmware = variant;
        auto dev = target::run_on_target(m, profile, inputs, o);
        ASSERT_TRUE(dev.ok()) << dev.error().what();
        // The op's cost on the example, for the runtime README's op table.
        if (variant == target::FirmwareVariant::HardFloat && !dev->layers.empty()) {
          ASSERT_EQ(dev->layers.size(), 1u) << "one layer per op, however many records";
          const double per_element = double(dev->layers[0].cycles) / double(out_elements);
          std::printf("[ cycles ] %-28s %-8s %8llu cycles, %6.1f per output element (stm32l4r5, hard float)\n",
                      d->schema.custom_name.empty() ? op_name(d->schema.type) : d->schema.custom_name.c_str(),
                      kernel_type_name(c.kernel),
                      static_cast<unsigned long long>(dev->layers[0].cycles), per_element);
        }
        ASSERT_EQ(dev->outputs.size(), host->size());
        for (size_t k = 0; k < host->size(); ++k) {
          const Tensor& t = m.tensors[static_cast<size_t>(m.outputs[k])];
          if (t.type != DType::Float32) {
            EXPECT_EQ((*host)[k], dev->outputs[k]) << target::variant_name(variant);
            continue;
          }
          const size_t n = (*host)[k].size() / 4;
          std::vector<float> a(n), b(n);
          std::memcpy(a.data(), (*host)[k].data(), n * 4);
          std::memcpy(b.data(), dev->outputs[k].data(), n * 4);
          for (size_t e = 0; e < n; ++e) {
            // LOG / SQRT / RSQRT of the random negative inputs: NaN on both sides is agreement.
            if ((std::isnan(a[e]) && std::isnan(b[e])) || a[e] == b[e]) continue;
            EXPECT_NEAR(a[e], b[e], 1e-5f * std::max(1.f, std::fabs(a[e]))) << target::variant_name(variant);
          }
        }
      }
    }
  }
}

// The registry's type check: a combination an op does not claim is refused
// by prepare with the op's own list of what it runs.
TEST(OpRegistry, UnclaimedCombinationNamesWhatTheOpRuns) {
  // int16 weights under int16 activations: no TFLite kernel has them.
  Model m = ops::find_op(OpType::Conv2D)->example(KernelType::Int16x8);
  m.tensors[static_cast<size_t>(m.ops[0].inputs[1])].type = DType::Int16;
  try {
    (void)ops::prepare_op(m, 0);
    FAIL() << "int16 x int16 CONV_2D should be refused";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("op 0 (CONV_2D): type combination"), std::string::npos) << msg;
    EXPECT_NE(msg.find("TinySim runs this op with float32; int8"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("--backend host"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace tinysim
