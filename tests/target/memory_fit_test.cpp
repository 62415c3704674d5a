// The one fit verdict (core/target/memory_fit.h) on hand-made layouts, so the
// arithmetic is checked without a firmware image: RAM as linked before a run,
// RAM at its peak after one, the model-only estimate, and the one-line problem.
#include <gtest/gtest.h>

#include "core/emu/mcu_profile.h"
#include "core/target/memory_fit.h"

namespace tinysim::target {
namespace {

// 112 B static, 2 KiB stack reserve, 32 B of alignment before the arena.
TargetLayout layout(uint64_t arena, uint64_t plan, uint64_t ram_capacity, uint64_t flash_capacity) {
  TargetLayout l;
  l.profile = "tiny";
  l.code_bytes = 10000;
  l.plan_bytes = plan;
  l.weights_bytes = plan - 500;
  l.flash_bytes = 10016 + plan;  // plan at the next 16-byte boundary after the code
  l.arena_bytes = arena;
  l.static_ram_bytes = 112;
  l.stack_reserve_bytes = 2048;
  l.ram_layout_bytes = 112 + 2048 + 32 + arena;
  l.ram_capacity = ram_capacity;
  l.flash_capacity = flash_capacity;
  return l;
}

TEST(MemoryFit, PlannedUsesTheLinkedLayout) {
  const TargetLayout l = layout(30000, 20000, 32768, 1 << 20);
  const MemoryFit f = planned_fit(l);
  EXPECT_EQ(f.basis, FitBasis::Planned);
  EXPECT_EQ(f.ram_bytes, l.ram_layout_bytes);  // alignment gaps count: the arena must end inside RAM
  EXPECT_EQ(f.stack_bytes, 2048u);
  EXPECT_FALSE(f.stack_measured);
  EXPECT_EQ(f.flash_bytes, l.flash_bytes);
  EXPECT_EQ(f.ram_overflow_bytes, int64_t(112 + 2048 + 32 + 30000) - 32768);
  EXPECT_LT(f.flash_overflow_bytes, 0);
  EXPECT_TRUE(f.fits);
  EXPECT_EQ(f.overflow_bytes, 0);
  EXPECT_EQ(fit_problem(f), "");
  EXPECT_EQ(fit_problem(l), "");
}

TEST(MemoryFit, RunUsesTheStackItUsed) {
  const TargetLayout l = layout(30000, 20000, 32768, 1 << 20);
  const MemoryFit f = run_fit(l, 900, true);
  EXPECT_EQ(f.basis, FitBasis::Run);
  EXPECT_EQ(f.ram_bytes, 112u + 900u + 30000u);
  EXPECT_TRUE(f.stack_measured);
  EXPECT_TRUE(f.fits);
}

TEST(MemoryFit, OverflowIsTheLargerOfRamAndFlash) {
  const TargetLayout l = layout(40000, 61000, 32768, 65536);
  const MemoryFit f = planned_fit(l);
  EXPECT_FALSE(f.fits);
  EXPECT_EQ(f.ram_overflow_bytes, int64_t(l.ram_layout_bytes) - 32768);
  EXPECT_EQ(f.flash_overflow_bytes, int64_t(l.flash_bytes) - 65536);
  EXPECT_EQ(f.overflow_bytes, std::max(f.ram_overflow_bytes, f.flash_overflow_bytes));
  EXPECT_EQ(fit_problem(f),
            "arena needs 39.1 KiB (+ 2.1 KiB static data and stack), tiny has 32.0 KiB RAM; "
            "model needs 69.4 KiB of flash (59.6 KiB weights and plan + 9.8 KiB code), tiny has 64.0 KiB");
  EXPECT_EQ(fit_problem(l), fit_problem(f));
}

TEST(MemoryFit, ModelOnlyIsALowerBound) {
  emu::McuProfile p;
  p.name = "tiny";
  p.flash.size = 4096;
  p.ram.size = 8192;
  const MemoryFit f = model_only_fit(5000, 1000, p);
  EXPECT_EQ(f.basis, FitBasis::ModelOnly);
  EXPECT_EQ(f.flash_bytes, 5000u);
  EXPECT_EQ(f.ram_bytes, 1000u);
  EXPECT_EQ(f.code_bytes + f.static_ram_bytes + f.stack_bytes, 0u);
  EXPECT_FALSE(f.fits);
  EXPECT_EQ(f.overflow_bytes, 5000 - 4096);
}

}  // namespace
}  // namespace tinysim::target
