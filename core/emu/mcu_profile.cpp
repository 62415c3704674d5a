#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include "core/common/json_message.h"
#include "core/emu/mcu_profile.h"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/common/input_file.h"

namespace tinysim::emu {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const json& field(const json& j, const char* key, const std::string& file, const std::string& where) {
  if (!j.is_object())
    throw Error(file, fmt::format("field \"{}\" must be an object", where.substr(0, where.size() - 1)),
                "see mcu_models/profiles/nrf52840.json for the layout");
  if (!j.contains(key))
    throw Error(file, fmt::format("missing field \"{}{}\"", where, key), "see mcu_models/profiles/nrf52840.json for the layout");
  return j.at(key);
}

// Addresses may be written as numbers or "0x..." strings (readable in JSON).
uint64_t number(const json& v, const std::string& file, const std::string& name) {
  if (v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0)) return v.get<uint64_t>();
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    try {
      size_t used = 0;
      const uint64_t x = std::stoull(s, &used, 0);
      // stoull wraps "-1" to 2^64-1: a minus sign is refused.
      if (used == s.size() && s.find('-') == std::string::npos) return x;
    } catch (...) {
    }
  }
  throw Error(file, fmt::format("field \"{}\" must be a non-negative integer or a \"0x...\" string, got {}", name, v.dump()),
              "fix the value");
}

uint32_t u32(const json& v, const std::string& file, const std::string& name) {
  uint64_t x = number(v, file, name);
  if (x > 0xFFFFFFFFull) throw Error(file, fmt::format("field \"{}\" = {} does not fit in 32 bits", name, x), "fix the value");
  return uint32_t(x);
}

std::string type_of(const json& v) { return v.type_name(); }

bool boolean(const json& v, const std::string& file, const std::string& name) {
  if (!v.is_boolean())
    throw Error(file, fmt::format("field \"{}\" must be true or false, got {} ({})", name, v.dump(), type_of(v)),
                "fix the value");
  return v.get<bool>();
}

std::string string_value(const json& v, const std::string& file, const std::string& name) {
  if (!v.is_string())
    throw Error(file, fmt::format("field \"{}\" must be a string, got {} ({})", name, v.dump(), type_of(v)),
                "put the value in quotes");
  return v.get<std::string>();
}

// A finite number >= 0 (physical quantities: volts, milliamps).
double non_negative(const json& v, const std::string& file, const std::string& name) {
  if (!v.is_number())
    throw Error(file, fmt::format("field \"{}\" must be a number, got {} ({})", name, v.dump(), type_of(v)),
                "fix the value");
  const double x = v.get<double>();
  if (!std::isfinite(x) || x < 0)
    throw Error(file, fmt::format("field \"{}\" = {} is negative", name, v.dump()), "give a value >= 0");
  return x;
}

// An optional member of an object, or nullptr when absent.
const json* member(const json& j, const char* key, const std::string& file, const std::string& name) {
  if (!j.is_object()) throw Error(file, fmt::format("\"{}\" must be an object", name), "see mcu_models/profiles/nrf52840.json");
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

const json& array(const json& v, const std::string& file, const std::string& name) {
  if (!v.is_array())
    throw Error(file, fmt::format("field \"{}\" must be an array, got {} ({})", name, v.dump(), type_of(v)),
                "write it as [ ... ]");
  return v;
}

fs::path exe_dir() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : p.parent_path();
}

}  // namespace

McuProfile parse_profile_file(const std::string& path) {
  // A profile is a few hundred bytes; a megabyte is a wrong file.
  return parse_profile_text(read_input_text(path, "MCU profile",
                                            "pass a profile JSON file, or a built-in name: nrf52840, stm32l4r5, ...",
                                            uint64_t(1) << 20),
                            path);
}

McuProfile parse_profile_text(const std::string& text, const std::string& path) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    throw Error(path, fmt::format("not valid JSON ({})", json_message(e)), "fix the JSON syntax");
  }
  McuProfile p;
  p.path = path;
  if (!j.is_object()) throw Error(path, "is not a JSON object", "see mcu_models/profiles/nrf52840.json for the layout");
  // Every field is read through a typed getter that names it, so a wrong
  // type says which field and what it should be.
  p.name = string_value(field(j, "name", path, ""), path, "name");
  if (const json* v = member(j, "board", path, "")) p.board = string_value(*v, path, "board");
  p.core = "cortex-m4";  // the default when a profile does not say
  if (const json* v = member(j, "core", path, "")) p.core = string_value(*v, path, "core");
  p.fpu = boolean(field(j, "fpu", path, ""), path, "fpu");
  p.clock_hz = number(field(j, "clock_hz", path, ""), path, "clock_hz");
  const json& fl = field(j, "flash", path, "");
  p.flash.base = u32(field(fl, "base", path, "flash."), path, "flash.base");
  p.flash.size = u32(field(fl, "size", path, "flash."), path, "flash.size");
  p.flash.wait_states = u32(field(fl, "wait_states", path, "flash."), path, "flash.wait_states");
  if (const json* v = member(fl, "aliases", path, "flash"))
    for (const json& a : array(*v, path, "flash.aliases")) p.flash.aliases.push_back(u32(a, path, "flash.aliases[]"));
  if (const json* acc = member(fl, "accelerator", path, "flash")) {
    auto& a = p.flash.accelerator;
    if (const json* v = member(*acc, "prefetch", path, "flash.accelerator"))
      a.prefetch = boolean(*v, path, "flash.accelerator.prefetch");
    if (const json* v = member(*acc, "line_bytes", path, "flash.accelerator"))
      a.line_bytes = u32(*v, path, "flash.accelerator.line_bytes");
    if (const json* v = member(*acc, "icache_lines", path, "flash.accelerator"))
      a.icache_lines = u32(*v, path, "flash.accelerator.icache_lines");
    if (const json* v = member(*acc, "dcache_lines", path, "flash.accelerator"))
      a.dcache_lines = u32(*v, path, "flash.accelerator.dcache_lines");
    if (const json* v = member(*acc, "data_read_contention", path, "flash.accelerator"))
      a.data_read_contention = u32(*v, path, "flash.accelerator.data_read_contention");
  }
  const json& ram = field(j, "ram", path, "");
  p.ram.base = u32(field(ram, "base", path, "ram."), path, "ram.base");
  p.ram.size = u32(field(ram, "size", path, "ram."), path, "ram.size");
  if (const json* pw = member(j, "power", path, "")) {
    if (const json* v = member(*pw, "voltage_v", path, "power")) p.power.voltage_v = non_negative(*v, path, "power.voltage_v");
    if (const json* v = member(*pw, "run_current_ma", path, "power"))
      p.power.run_current_ma = non_negative(*v, path, "power.run_current_ma");
  }
  if (const json* v = member(j, "sources", path, ""))
    for (const json& src : array(*v, path, "sources")) p.sources.push_back(string_value(src, path, "sources[]"));

  auto check = [&](bool ok, const std::string& problem, const std::string& fix) {
    if (!ok) throw Error(path, problem, fix);
  };
  check(p.core == "cortex-m4", fmt::format("core \"{}\" is not supported", p.core), "TinySim emulates \"cortex-m4\" only");
  check(p.clock_hz > 0, "clock_hz must be > 0", "give the core clock in Hz");
  check(p.flash.size > 0 && p.ram.size > 0, "flash.size and ram.size must be > 0", "give the sizes in bytes");
  auto aligned = [](uint64_t x) { return x % 4096 == 0; };
  check(aligned(p.flash.base) && aligned(p.flash.size) && aligned(p.ram.base) && aligned(p.ram.size),
        "flash/ram base and size must be multiples of 4 KiB", "round them to 4 KiB");
  for (uint32_t a : p.flash.aliases) check(aligned(a), "flash.aliases must be 4 KiB aligned", "fix the alias address");
  auto overlaps = [](uint64_t a, uint64_t as, uint64_t b, uint64_t bs) { return a < b + bs && b < a + as; };
  check(!overlaps(p.flash.base, p.flash.size, p.ram.base, p.ram.size), "flash and ram overlap", "fix the base addresses");
  check(uint64_t(p.ram.base) + p.ram.size <= 0xE0000000ull && uint64_t(p.flash.base) + p.flash.size <= 0xE0000000ull,
        "flash/ram must lie below 0xE0000000 (system region)", "fix the base addresses");
  const auto& acc = p.flash.accelerator;
  check(acc.line_bytes >= 4 && (acc.line_bytes & (acc.line_bytes - 1)) == 0 && acc.line_bytes <= 256,
        "flash.accelerator.line_bytes must be a power of two between 4 and 256", "use e.g. 16 for a 128-bit line");
  check(p.flash.wait_states <= 32, "flash.wait_states is implausibly large", "give the wait states at clock_hz");
  return p;
}

std::string profile_json_text(const McuProfile& p) {
  auto hex = [](uint32_t x) { return fmt::format("0x{:08X}", x); };
  json aliases = json::array();
  for (uint32_t a : p.flash.aliases) aliases.push_back(hex(a));
  const FlashAccelerator& acc = p.flash.accelerator;
  json j = {{"name", p.name},
            {"board", p.board},
            {"core", p.core},
            {"fpu", p.fpu},
            {"clock_hz", p.clock_hz},
            {"flash",
             {{"base", hex(p.flash.base)},
              {"size", p.flash.size},
              {"wait_states", p.flash.wait_states},
              {"aliases", aliases},
              {"accelerator",
               {{"prefetch", acc.prefetch},
                {"line_bytes", acc.line_bytes},
                {"icache_lines", acc.icache_lines},
                {"dcache_lines", acc.dcache_lines},
                {"data_read_contention", acc.data_read_contention}}}}},
            {"ram", {{"base", hex(p.ram.base)}, {"size", p.ram.size}}},
            {"power", {{"voltage_v", p.power.voltage_v}, {"run_current_ma", p.power.run_current_ma}}},
            {"sources", p.sources}};
  return j.dump(2) + "\n";
}

std::vector<std::string> profile_search_dirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("TINYSIM_PROFILE_DIR"); env && *env) dirs.push_back(env);
  fs::path exe = exe_dir();
  if (!exe.empty()) dirs.push_back((exe / ".." / "share" / "tinysim" / "profiles").lexically_normal().string());
  dirs.push_back((fs::path(TINYSIM_SOURCE_DIR) / "mcu_models" / "profiles").string());
  return dirs;
}

std::vector<std::string> list_profiles() {
  std::vector<std::string> names;
  for (const auto& d : profile_search_dirs()) {
    std::error_code ec;
    for (auto it = fs::directory_iterator(d, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
      if (it->path().extension() == ".json") names.push_back(it->path().stem().string());
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

Result<McuProfile> load_profile(const std::string& name_or_path) {
  return capture([&]() -> McuProfile {
    const bool looks_like_path = name_or_path.find('/') != std::string::npos ||
                                 (name_or_path.size() > 5 && name_or_path.ends_with(".json"));
    if (looks_like_path) return parse_profile_file(name_or_path);
    for (const auto& d : profile_search_dirs()) {
      fs::path p = fs::path(d) / (name_or_path + ".json");
      if (fs::exists(p)) return parse_profile_file(p.string());
    }
    std::string known;
    for (const auto& n : list_profiles()) known += (known.empty() ? "" : ", ") + n;
    throw Error(name_or_path, "no such MCU profile",
                fmt::format("use one of: {}, or a path to a profile JSON file", known.empty() ? "(none found)" : known));
  });
}

}  // namespace tinysim::emu
