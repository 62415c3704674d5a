// The worker pools of bench (host accuracy, emulated runs): every way out of
// a worker counts it out, so a cancelled or failing evaluation returns
// instead of waiting forever (the Ctrl-C hang of issue 14).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "core/model/tflite_reader.h"
#include "core/report/host_eval.h"
#include "core/report/polled_workers.h"
#include "tests/report/tiny_models.h"

namespace tinysim::report {
namespace {

TEST(PolledWorkers, EveryWayOutCountsTheWorkerOut) {
  std::atomic<int> polls{0};
  const auto errors = run_polled_workers(
      4,
      [](int t) {
        if (t == 1) throw std::runtime_error("worker 1 failed");
        if (t == 2) return;  // an early return
        std::this_thread::sleep_for(std::chrono::milliseconds(60));
      },
      [&] { ++polls; });
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0], "");
  EXPECT_EQ(errors[1], "worker 1 failed");
  EXPECT_EQ(errors[2], "");
  EXPECT_EQ(errors[3], "");
  EXPECT_GE(polls.load(), 1);
}

// Host accuracy cancelled from its own progress callback (what Ctrl-C does):
// before the fix the worker's early return skipped its count-out and this
// never returned.
TEST(PolledWorkers, CancelledHostEvaluationReturns) {
  const test::TinyFixture fx = test::make_tiny_fixture("cancel_eval", 20000);
  const Model model = load_tflite(fx.float_path.string()).take();
  for (const int threads : {1, 2, 3}) {
    std::atomic<bool> cancel{false};
    auto done = std::async(std::launch::async, [&] {
      return evaluate_on_host(model, fx.data, threads, cancel, [&](size_t) { cancel = true; });
    });
    ASSERT_EQ(done.wait_for(std::chrono::seconds(30)), std::future_status::ready) << threads << " threads: hung";
    const HostEval r = done.get();
    EXPECT_FALSE(r.complete);
  }
  std::filesystem::remove_all(fx.dir);
}

}  // namespace
}  // namespace tinysim::report
