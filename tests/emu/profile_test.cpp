#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/emu/mcu_profile.h"
#include "core/emu/timing_table.h"

using namespace tinysim::emu;

TEST(McuProfiles, BuiltInsLoadWithDatasheetFigures) {
  auto names = list_profiles();
  for (const char* n : {"nrf52840", "stm32l4r5", "stm32f407", "sam4s16c"})
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;

  auto nrf = load_profile("nrf52840");
  ASSERT_TRUE(nrf.ok()) << nrf.error().what();
  EXPECT_EQ(nrf->clock_hz, 64000000u);
  EXPECT_EQ(nrf->flash.size, 1u << 20);
  EXPECT_EQ(nrf->ram.size, 256u << 10);
  EXPECT_EQ(nrf->flash.wait_states, 0u);
  EXPECT_TRUE(nrf->fpu);
  EXPECT_FALSE(nrf->sources.empty());

  auto l4 = load_profile("stm32l4r5");
  ASSERT_TRUE(l4.ok());
  EXPECT_EQ(l4->clock_hz, 120000000u);
  EXPECT_EQ(l4->flash.wait_states, 5u);
  EXPECT_EQ(l4->flash.size, 2u << 20);
  EXPECT_EQ(l4->ram.size, 640u << 10);
  ASSERT_EQ(l4->flash.aliases.size(), 1u);
  EXPECT_EQ(l4->flash.aliases[0], 0x08000000u);
  EXPECT_EQ(l4->flash.accelerator.data_read_contention, 1u);  // fitted (the profile's assumptions say on what)

  auto f4 = load_profile("stm32f407");
  ASSERT_TRUE(f4.ok());
  EXPECT_EQ(f4->clock_hz, 168000000u);
  EXPECT_EQ(f4->flash.accelerator.line_bytes, 16u);
  EXPECT_EQ(f4->flash.accelerator.icache_lines, 64u);
  EXPECT_EQ(f4->flash.accelerator.dcache_lines, 8u);

  auto sam = load_profile("sam4s16c");
  ASSERT_TRUE(sam.ok());
  EXPECT_FALSE(sam->fpu);
  EXPECT_EQ(sam->clock_hz, 120000000u);
  // 1 ms at 64 MHz, energy = V * I * t
  EXPECT_DOUBLE_EQ(nrf->cycles_to_ms(64000), 1.0);
  EXPECT_NEAR(nrf->energy_uj(64000000), 3.0 * 3.3e-3 * 1e6, 1e-6);
}

TEST(McuProfiles, UserFileWithoutRecompiling) {
  auto path = std::filesystem::temp_directory_path() / "tinysim_user_mcu.json";
  std::ofstream(path) << R"({"name":"my_m4","core":"cortex-m4","fpu":false,"clock_hz":48000000,
     "flash":{"base":"0x0","size":262144,"wait_states":1,"accelerator":{"prefetch":true,"line_bytes":8}},
     "ram":{"base":"0x20000000","size":"0x8000"}})";
  auto p = load_profile(path.string());
  ASSERT_TRUE(p.ok()) << p.error().what();
  EXPECT_EQ(p->name, "my_m4");
  EXPECT_EQ(p->ram.size, 0x8000u);
  EXPECT_EQ(p->flash.wait_states, 1u);

  // Found by name through TINYSIM_PROFILE_DIR.
  setenv("TINYSIM_PROFILE_DIR", path.parent_path().c_str(), 1);
  auto by_name = load_profile("tinysim_user_mcu");
  unsetenv("TINYSIM_PROFILE_DIR");
  ASSERT_TRUE(by_name.ok()) << by_name.error().what();
  EXPECT_EQ(by_name->clock_hz, 48000000u);
}

TEST(McuProfiles, BadProfilesGiveOneLineErrors) {
  auto dir = std::filesystem::temp_directory_path();
  auto write = [&](const char* name, const char* text) {
    auto p = dir / name;
    std::ofstream(p) << text;
    return p.string();
  };
  struct Case {
    std::string path;
    const char* expect;
  } cases[] = {
      {write("tinysim_bad1.json", "{not json"), "not valid JSON"},
      {write("tinysim_bad2.json", R"({"name":"x","fpu":true,"clock_hz":1,"ram":{"base":0,"size":4096}})"), "missing field \"flash\""},
      {write("tinysim_bad3.json", R"({"name":"x","fpu":true,"clock_hz":1,"flash":{"base":"0xZZ","size":4096,"wait_states":0},"ram":{"base":"0x20000000","size":4096}})"),
       "flash.base"},
      {write("tinysim_bad4.json", R"({"name":"x","fpu":true,"clock_hz":1,"flash":{"base":0,"size":4096,"wait_states":0},"ram":{"base":0,"size":4096}})"),
       "overlap"},
      {write("tinysim_bad5.json", R"({"name":"x","core":"cortex-m0","fpu":true,"clock_hz":1,"flash":{"base":0,"size":4096,"wait_states":0},"ram":{"base":"0x20000000","size":4096}})"),
       "not supported"},
  };
  for (const auto& c : cases) {
    auto p = load_profile(c.path);
    ASSERT_FALSE(p.ok()) << c.path;
    std::string e = p.error().what();
    EXPECT_NE(e.find(c.expect), std::string::npos) << e;
    EXPECT_NE(e.find(c.path), std::string::npos) << e;
    EXPECT_EQ(e.find('\n'), std::string::npos) << e;
  }
  auto unknown = load_profile("no_such_mcu");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(std::string(unknown.error().what()).find("nrf52840"), std::string::npos) << unknown.error().what();
}

TEST(TimingTable, ShippedTableMatchesTrm) {
  TimingTable t = load_timing_table(default_timing_table_path());
  EXPECT_EQ(t.of(t.classify("ldr")).cycles, 2u);
  EXPECT_EQ(t.of(t.classify("ldr")).pipelined, 1u);
  EXPECT_EQ(t.of(t.classify("str")).cycles, 1u);
  EXPECT_EQ(t.of(t.classify("smlad")).cycles, 1u);
  EXPECT_EQ(t.of(t.classify("vmla")).cycles, 3u);
  EXPECT_EQ(t.of(t.classify("vdiv")).cycles, 14u);
  EXPECT_EQ(t.of(t.classify("vldr")).cycles, 2u);
  EXPECT_EQ(t.of(t.classify("vldr")).pipelined, 1u);  // pipelined as LDR (TRM 3.3.2)
  EXPECT_EQ(t.store_register_offset_penalty, 1u);
  EXPECT_EQ(t.classify("pop"), InsnClass::LoadMultiple);
  EXPECT_EQ(t.divide_cycles(100, 7), 4u);
  EXPECT_EQ(t.divide_cycles(0xFFFFFFFFu, 1), 10u);
  EXPECT_EQ(t.divide_cycles(5, 10), 2u);
  EXPECT_EQ(t.divide_cycles(5, 0), 2u);
  EXPECT_EQ(t.refill_conditional, 1u);
  EXPECT_EQ(t.refill_indirect, 3u);  // a register target is not speculated: the top of P's 1..3
  EXPECT_EQ(t.refill_load_pc, 3u);
  EXPECT_EQ(t.refill_max, 3u);  // P is 1..3 with the target's alignment extra
  EXPECT_EQ(t.misaligned_target_penalty, 1u);
  EXPECT_TRUE(t.produces_address(InsnClass::Alu));
  // The constants fitted to the calibration sets are few and named in the table.
  EXPECT_EQ(t.fitted, (std::vector<std::string>{"pipeline_refill.direct", "pipeline_refill.conditional", "rules.address_dependency"}));
}

// Issue 14: a wrong-type field gave "[json.exception.type_error.302] ..."
// without the field's name; a negative supply voltage gave negative energy;
// a directory gave a stream library's message.
TEST(McuProfiles, WrongTypesNegativePowerAndDirectoriesNameTheProblem) {
  const auto dir = std::filesystem::temp_directory_path() / "tinysim_profile_cases";
  std::filesystem::create_directories(dir);
  const std::string good_rest =
      R"("clock_hz":1000,"flash":{"base":0,"size":4096,"wait_states":0},"ram":{"base":"0x20000000","size":4096})";
  struct Case {
    std::string json, expect;
  } cases[] = {
      {R"({"name":"x","fpu":"yes",)" + good_rest + "}", "field \"fpu\" must be true or false"},
      {R"({"name":7,"fpu":true,)" + good_rest + "}", "field \"name\" must be a string"},
      {R"({"name":"x","board":[1],"fpu":true,)" + good_rest + "}", "field \"board\" must be a string"},
      {R"({"name":"x","fpu":true,"power":{"voltage_v":"3.0"},)" + good_rest + "}",
       "field \"power.voltage_v\" must be a number"},
      {R"({"name":"x","fpu":true,"power":{"voltage_v":-3.0,"run_current_ma":3.3},)" + good_rest + "}",
       "field \"power.voltage_v\" = -3.0 is negative"},
      {R"({"name":"x","fpu":true,"power":{"voltage_v":3.0,"run_current_ma":-1},)" + good_rest + "}",
       "field \"power.run_current_ma\" = -1 is negative"},
      {R"({"name":"x","fpu":true,"sources":"a datasheet",)" + good_rest + "}", "field \"sources\" must be an array"},
      {R"({"name":"x","fpu":true,"clock_hz":"-5","flash":{"base":0,"size":4096,"wait_states":0},"ram":{"base":"0x20000000","size":4096}})",
       "field \"clock_hz\" must be a non-negative integer"},
      {R"({"name":"x","fpu":true,"clock_hz":1000,"flash":4096,"ram":{"base":"0x20000000","size":4096}})",
       "field \"flash\" must be an object"},
      {R"({"name":"x","fpu":true,"flash":{"base":0,"size":4096,"wait_states":0,"accelerator":{"prefetch":1}},"clock_hz":1000,"ram":{"base":"0x20000000","size":4096}})",
       "field \"flash.accelerator.prefetch\" must be true or false"},
  };
  int n = 0;
  for (const auto& c : cases) {
    const auto path = (dir / ("case" + std::to_string(n++) + ".json")).string();
    std::ofstream(path) << c.json;
    auto p = tinysim::emu::load_profile(path);
    ASSERT_FALSE(p.ok()) << c.json;
    const std::string e = p.error().what();
    EXPECT_EQ(e.rfind(path + ": ", 0), 0u) << e;
    EXPECT_NE(e.find(c.expect), std::string::npos) << e;
    EXPECT_EQ(e.find("json.exception"), std::string::npos) << e;
    EXPECT_EQ(e.find('\n'), std::string::npos) << e;
  }
  auto d = tinysim::emu::load_profile(dir.string() + "/");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(std::string(d.error().what()).find("is a directory, not an MCU profile"), std::string::npos)
      << d.error().what();
  EXPECT_EQ(std::string(d.error().what()).find("basic_filebuf"), std::string::npos) << d.error().what();
  std::filesystem::remove_all(dir);
}

// The GUI's what-if boards save edited profiles with profile_json_text: the
// file must load back as the same profile for every built-in.
TEST(McuProfiles, JsonTextLoadsBackUnchanged) {
  for (const std::string& name : list_profiles()) {
    auto p = load_profile(name);
    ASSERT_TRUE(p.ok()) << p.error().what();
    McuProfile edited = p.value();
    edited.name = name + "-whatif";
    edited.clock_hz /= 2;
    edited.flash.wait_states += 1;
    edited.flash.accelerator.prefetch = !edited.flash.accelerator.prefetch;
    edited.ram.size -= 4096;
    const auto path = std::filesystem::temp_directory_path() / ("tinysim_profile_" + name + ".json");
    std::ofstream(path) << profile_json_text(edited);
    auto back = load_profile(path.string());
    ASSERT_TRUE(back.ok()) << back.error().what();
    EXPECT_EQ(back->name, edited.name);
    EXPECT_EQ(back->board, edited.board);
    EXPECT_EQ(back->fpu, edited.fpu);
    EXPECT_EQ(back->clock_hz, edited.clock_hz);
    EXPECT_EQ(back->flash.base, edited.flash.base);
    EXPECT_EQ(back->flash.size, edited.flash.size);
    EXPECT_EQ(back->flash.wait_states, edited.flash.wait_states);
    EXPECT_EQ(back->flash.aliases, edited.flash.aliases);
    EXPECT_EQ(back->flash.accelerator.prefetch, edited.flash.accelerator.prefetch);
    EXPECT_EQ(back->flash.accelerator.line_bytes, edited.flash.accelerator.line_bytes);
    EXPECT_EQ(back->flash.accelerator.icache_lines, edited.flash.accelerator.icache_lines);
    EXPECT_EQ(back->flash.accelerator.dcache_lines, edited.flash.accelerator.dcache_lines);
    EXPECT_EQ(back->ram.base, edited.ram.base);
    EXPECT_EQ(back->ram.size, edited.ram.size);
    EXPECT_EQ(back->power.voltage_v, edited.power.voltage_v);
    EXPECT_EQ(back->power.run_current_ma, edited.power.run_current_ma);
    EXPECT_EQ(back->sources, edited.sources);
    std::filesystem::remove(path);
  }
}
