#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include "core/common/json_message.h"
#include "core/emu/timing_table.h"

#include <fmt/core.h>

#include <algorithm>
#include <bit>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/common/error.h"

namespace tinysim::emu {

namespace {
constexpr std::array<const char*, size_t(InsnClass::Count)> kClassNames = {
    "alu", "mul", "dsp", "div", "load", "load_pair", "store", "store_pair", "load_multiple", "store_multiple",
    "branch", "branch_indirect", "table_branch", "it", "nop", "barrier",
    "fp_alu", "fp_mac", "fp_div", "fp_load", "fp_store", "fp_multiple", "fp_move", "system", "exception"};
}

const char* insn_class_name(InsnClass c) { return kClassNames[size_t(c)]; }

InsnClass TimingTable::classify(const std::string& name) const {
  auto it = by_name.find(name);
  return it == by_name.end() ? InsnClass::Alu : it->second;
}

uint32_t TimingTable::refill(ClassTiming::Refill r) const {
  switch (r) {
    case ClassTiming::Refill::Direct: return refill_direct;
    case ClassTiming::Refill::Indirect: return refill_indirect;
    case ClassTiming::Refill::LoadPc: return refill_load_pc;
    default: return 0;
  }
}

uint32_t TimingTable::divide_cycles(uint32_t dividend, uint32_t divisor) const {
  if (divisor == 0 || dividend < divisor) return div_min;
  int q = (32 - std::countl_zero(dividend)) - (32 - std::countl_zero(divisor)) + 1;  // quotient length in bits
  uint32_t c = div_min + (uint32_t(q) + div_bits_per_cycle - 1) / div_bits_per_cycle;
  return std::clamp(c, div_min, div_max);
}

std::string default_timing_table_path() {
  return (std::filesystem::path(TINYSIM_SOURCE_DIR) / "mcu_models" / "timing" / "cortex_m4.json").string();
}

TimingTable load_timing_table(const std::string& path) {
  using nlohmann::json;
  std::ifstream in(path);
  if (!in) throw Error(path, "cannot open the timing table", "restore mcu_models/timing/cortex_m4.json");
  json j;
  try {
    j = json::parse(in);
  } catch (const json::exception& e) {
    throw Error(path, fmt::format("not valid JSON ({})", json_message(e)), "fix the JSON syntax");
  }
  TimingTable t;
  t.path = path;
  try {
    // A constant is a number or {"cycles": N, ...}; {"fitted": "..."} marks
    // it as fitted to calibration data (listed in TimingTable::fitted).
    auto cycles = [&](const json& parent, const char* key, const std::string& where) {
      const json& e = parent.at(key);
      if (e.is_object() && e.contains("fitted")) t.fitted.push_back(where + "." + key);
      return (e.is_object() ? e.at("cycles") : e).get<uint32_t>();
    };
    const json& refill = j.at("pipeline_refill");
    t.refill_direct = cycles(refill, "direct", "pipeline_refill");
    t.refill_conditional = cycles(refill, "conditional", "pipeline_refill");
    t.refill_indirect = cycles(refill, "indirect", "pipeline_refill");
    t.refill_load_pc = cycles(refill, "load_pc", "pipeline_refill");
    t.refill_max = cycles(refill, "max", "pipeline_refill");
    const json& rules = j.at("rules");
    t.misaligned_target_penalty = cycles(rules, "branch_target_alignment", "rules");
    t.load_pipelining = rules.at("load_pipelining").at("enabled").get<bool>();
    t.address_dependency_penalty = cycles(rules, "address_dependency", "rules");
    for (const auto& c : rules.at("address_dependency").at("producers")) {
      auto it = std::find(kClassNames.begin(), kClassNames.end(), c.get<std::string>());
      if (it == kClassNames.end())
        throw Error(path, fmt::format("rules.address_dependency.producers: unknown class {}", c.dump()), "use a class from \"classes\"");
      t.address_dependency_producers |= 1u << unsigned(it - kClassNames.begin());
    }
    t.fp_result_dependency_penalty = cycles(rules, "fp_result_dependency", "rules");
    t.store_after_store_penalty = cycles(rules, "store_buffer", "rules");
    t.store_register_offset_penalty = cycles(rules, "store_register_offset", "rules");
    t.literal_load_penalty = cycles(rules, "literal_load_contention", "rules");
    t.unaligned_wide_run_penalty = cycles(rules, "unaligned_wide_run", "rules");
    t.unaligned_wide_run_length = rules.at("unaligned_wide_run").at("min_length").get<uint32_t>();
    if (t.unaligned_wide_run_length == 0)
      throw Error(path, "rules.unaligned_wide_run.min_length is 0", "give the run length (>= 1) from which the extra cycle is paid");
    t.it_folding = rules.at("it_folding").at("enabled").get<bool>();
    const json& div = rules.at("divide");
    t.div_min = div.at("min").get<uint32_t>();
    t.div_max = div.at("max").get<uint32_t>();
    t.div_bits_per_cycle = div.at("quotient_bits_per_cycle").get<uint32_t>();
    if (div.contains("fitted")) t.fitted.push_back("rules.divide");
    if (t.div_bits_per_cycle == 0 || t.div_min > t.div_max)
      throw Error(path, "rules.divide is inconsistent (bits_per_cycle 0 or min > max)", "fix the divide rule");

    const json& classes = j.at("classes");
    for (size_t c = 0; c < size_t(InsnClass::Count); ++c) {
      const char* name = kClassNames[c];
      if (!classes.contains(name)) throw Error(path, fmt::format("class \"{}\" is missing", name), "add it to \"classes\"");
      const json& e = classes.at(name);
      ClassTiming& ct = t.classes[c];
      ct.cycles = e.at("cycles").get<uint32_t>();
      ct.per_register = e.value("per_register", 0u);
      ct.pipelined = e.value("pipelined", 0u);
      ct.pair = e.value("pair", 0u);
      std::string refill_kind = e.value("refill", std::string());
      if (refill_kind.empty()) ct.refill = ClassTiming::Refill::None;
      else if (refill_kind == "direct") ct.refill = ClassTiming::Refill::Direct;
      else if (refill_kind == "indirect") ct.refill = ClassTiming::Refill::Indirect;
      else if (refill_kind == "load_pc") ct.refill = ClassTiming::Refill::LoadPc;
      else throw Error(path, fmt::format("class \"{}\": unknown refill \"{}\"", name, refill_kind), "use direct, indirect or load_pc");
    }
    for (auto& [cls, names] : j.at("instructions").items()) {
      auto it = std::find(kClassNames.begin(), kClassNames.end(), cls);
      if (it == kClassNames.end()) throw Error(path, fmt::format("instructions: unknown class \"{}\"", cls), "use a class from \"classes\"");
      for (auto& n : names) t.by_name[n.get<std::string>()] = InsnClass(it - kClassNames.begin());
    }
  } catch (const json::exception& e) {
    throw Error(path, fmt::format("missing or mistyped entry ({})", json_message(e)), "compare with the shipped cortex_m4.json");
  }
  return t;
}

}  // namespace tinysim::emu
