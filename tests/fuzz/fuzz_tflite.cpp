// .tflite bytes -> reader, statistics, memory planner and, for small models,
// the host interpreter on a seeded input. Every failure must be a one-line
// tinysim::Error; a signal, a sanitizer report or an exception of another
// kind is a finding.
#include <cstdint>

#include "core/ops/interpreter.h"
#include "core/model/model_stats.h"
#include "core/model/tflite_reader.h"
#include "core/plan/memory_plan.h"
#include "core/target/model_inputs.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

// Interpreting is the slow part: only models up to this many MACs and
// activation bytes run, so an execution stays around a millisecond.
constexpr int64_t kMaxMacs = 200'000;
constexpr int64_t kMaxArena = 1 << 20;
// Preparing allocates every activation buffer: past this the host would
// need more memory than a fuzzing process is allowed.
constexpr int64_t kMaxPrepareArena = int64_t(256) << 20;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tinysim;
  auto model = parse_tflite(data, size, "fuzz.tflite");
  fuzz::check_result(model);
  if (!model) return 0;
  auto r = capture([&] {
    const ModelStats stats = model_stats(*model);
    const MemoryPlan plan = plan_memory(*model);
    if (plan.arena_bytes > kMaxPrepareArena) return 0;
    HostInterpreter interp(*model);
    if (stats.total_macs > kMaxMacs || plan.arena_bytes > kMaxArena) return 0;
    const auto inputs = target::model_inputs(*model, {}, 1);
    for (int i = 0; i < interp.num_inputs(); ++i) interp.set_input(i, inputs[size_t(i)].data(), inputs[size_t(i)].size());
    interp.invoke();
    for (int i = 0; i < interp.num_outputs(); ++i) (void)interp.output_as_float(i);
    return 0;
  });
  fuzz::check_result(r);
  return 0;
}
