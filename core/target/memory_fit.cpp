#include "core/target/memory_fit.h"

#include <algorithm>

#include <fmt/format.h>

namespace tinysim::target {

namespace {

std::string kib(uint64_t bytes) { return fmt::format("{:.1f} KiB", double(bytes) / 1024.0); }

// Fills the verdict from the byte counts already in `f`.
MemoryFit& judge(MemoryFit& f) {
  f.ram_overflow_bytes = int64_t(f.ram_bytes) - int64_t(f.ram_capacity);
  f.flash_overflow_bytes = int64_t(f.flash_bytes) - int64_t(f.flash_capacity);
  f.overflow_bytes = std::max<int64_t>({0, f.ram_overflow_bytes, f.flash_overflow_bytes});
  f.fits = f.overflow_bytes == 0;
  return f;
}

MemoryFit placed(const TargetLayout& l, FitBasis basis) {
  MemoryFit f;
  f.basis = basis;
  f.profile = l.profile;
  f.code_bytes = l.code_bytes;
  f.plan_bytes = l.plan_bytes;
  f.weights_bytes = l.weights_bytes;
  f.flash_bytes = l.flash_bytes;
  f.flash_capacity = l.flash_capacity;
  f.static_ram_bytes = l.static_ram_bytes;
  f.arena_bytes = l.arena_bytes;
  f.ram_capacity = l.ram_capacity;
  return f;
}

}  // namespace

MemoryFit planned_fit(const TargetLayout& l) {
  MemoryFit f = placed(l, FitBasis::Planned);
  f.stack_bytes = l.stack_reserve_bytes;
  f.ram_bytes = l.ram_layout_bytes;
  return judge(f);
}

MemoryFit run_fit(const TargetLayout& l, uint64_t stack_bytes, bool stack_measured) {
  MemoryFit f = placed(l, FitBasis::Run);
  f.stack_bytes = stack_bytes;
  f.stack_measured = stack_measured;
  f.ram_bytes = l.static_ram_bytes + stack_bytes + l.arena_bytes;
  return judge(f);
}

MemoryFit model_only_fit(uint64_t tflite_weight_bytes, uint64_t arena_bytes, const emu::McuProfile& profile) {
  MemoryFit f;
  f.basis = FitBasis::ModelOnly;
  f.profile = profile.name;
  f.weights_bytes = tflite_weight_bytes;
  f.flash_bytes = tflite_weight_bytes;
  f.flash_capacity = profile.flash.size;
  f.arena_bytes = arena_bytes;
  f.ram_bytes = arena_bytes;
  f.ram_capacity = profile.ram.size;
  return judge(f);
}

std::string fit_problem(const MemoryFit& f) {
  std::string out;
  if (f.ram_overflow_bytes > 0)
    out = fmt::format("arena needs {} (+ {} static data and stack), {} has {} RAM", kib(f.arena_bytes),
                      kib(f.ram_bytes - f.arena_bytes), f.profile, kib(f.ram_capacity));
  if (f.flash_overflow_bytes > 0)
    out += fmt::format("{}model needs {} of flash ({} weights and plan + {} code), {} has {}", out.empty() ? "" : "; ",
                       kib(f.flash_bytes), kib(f.plan_bytes), kib(f.code_bytes), f.profile, kib(f.flash_capacity));
  return out;
}

std::string fit_problem(const TargetLayout& layout) { return fit_problem(planned_fit(layout)); }

}  // namespace tinysim::target
