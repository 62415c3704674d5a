#include "core/plan/memory_plan.h"

#include <algorithm>
#include <numeric>

#include "core/common/error.h"

namespace tinysim {
namespace {

int64_t align_up(int64_t v, int64_t a) { return (v + a - 1) / a * a; }

}  // namespace

MemoryPlan plan_memory(const Model& model, int alignment) {
  if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
    throw Error(model.source, "arena alignment " + std::to_string(alignment) + " is not a power of two",
                "use an alignment such as 4, 8 or 16");
  const size_t n = model.tensors.size();
  const int n_ops = static_cast<int>(model.ops.size());
  const int last = std::max(n_ops - 1, 0);
  MemoryPlan plan;
  plan.alignment = alignment;
  plan.offsets.assign(n, -1);
  plan.sizes.assign(n, 0);
  plan.first_op.assign(n, -1);
  plan.last_op.assign(n, -1);

  auto valid = [&](int t) { return t >= 0 && static_cast<size_t>(t) < n; };
  auto touch = [&](int t, int op) {
    if (!valid(t) || model.tensors[static_cast<size_t>(t)].is_constant()) return;
    auto& f = plan.first_op[static_cast<size_t>(t)];
    auto& l = plan.last_op[static_cast<size_t>(t)];
    f = f < 0 ? op : std::min(f, op);
    l = std::max(l, op);
  };
  for (int i = 0; i < n_ops; ++i) {
    for (int t : model.ops[static_cast<size_t>(i)].inputs) touch(t, i);
    for (int t : model.ops[static_cast<size_t>(i)].outputs) touch(t, i);
  }
  for (int t : model.inputs) touch(t, 0);
  for (int t : model.outputs) touch(t, last);
  // State tensors carry values from one inference to the next.
  for (size_t t = 0; t < n; ++t)
    if (model.tensors[t].is_variable && plan.first_op[t] >= 0) {
      plan.first_op[t] = 0;
      plan.last_op[t] = last;
    }

  std::vector<int> order;
  for (size_t t = 0; t < n; ++t)
    if (plan.first_op[t] >= 0) {
      plan.sizes[t] = model.tensors[t].num_bytes();
      order.push_back(static_cast<int>(t));
    }
  auto slot = [&](int t) { return align_up(plan.sizes[static_cast<size_t>(t)], alignment); };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    if (slot(a) != slot(b)) return slot(a) > slot(b);
    return plan.first_op[static_cast<size_t>(a)] < plan.first_op[static_cast<size_t>(b)];
  });

  auto overlaps_in_time = [&](int a, int b) {
    return plan.first_op[static_cast<size_t>(a)] <= plan.last_op[static_cast<size_t>(b)] &&
           plan.first_op[static_cast<size_t>(b)] <= plan.last_op[static_cast<size_t>(a)];
  };
  std::vector<int> placed;
  for (int t : order) {
    const int64_t size = slot(t);
    std::vector<int> conflicts;
    for (int p : placed)
      if (slot(p) > 0 && overlaps_in_time(t, p)) conflicts.push_back(p);
    std::sort(conflicts.begin(), conflicts.end(),
              [&](int a, int b) { return plan.offsets[static_cast<size_t>(a)] < plan.offsets[static_cast<size_t>(b)]; });
    int64_t offset = 0;
    if (size > 0)
      for (int p : conflicts) {
        const int64_t p_off = plan.offsets[static_cast<size_t>(p)];
        if (offset + size <= p_off) break;  // fits in the gap below p
        offset = std::max(offset, p_off + slot(p));
      }
    plan.offsets[static_cast<size_t>(t)] = offset;
    plan.arena_bytes = std::max(plan.arena_bytes, offset + size);
    placed.push_back(t);
  }

  plan.live_tensors.assign(static_cast<size_t>(n_ops), {});
  plan.live_bytes.assign(static_cast<size_t>(n_ops), 0);
  for (size_t t = 0; t < n; ++t) {
    if (plan.first_op[t] < 0) continue;
    for (int i = plan.first_op[t]; i <= plan.last_op[t] && i < n_ops; ++i) {
      plan.live_tensors[static_cast<size_t>(i)].push_back(static_cast<int>(t));
      plan.live_bytes[static_cast<size_t>(i)] += slot(static_cast<int>(t));
    }
  }
  return plan;
}

}  // namespace tinysim
