// export-c: the header holds the .tflite bytes exactly, NAME_len and the
// planned arena size, compiles as C and C++ on the host and for the
// Cortex-M4 with arm-none-eabi-gcc (array in read-only data, 16-byte
// aligned), and bad input gives one-line errors. Also the CLI commands of
// the data+quant helper end to end.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/model/tflite_reader.h"
#include "core/optimize/export_c.h"
#include "core/plan/memory_plan.h"
#include "tests/support/shared_files.h"
#include "tests/support/temp_dir.h"

namespace tinysim {
namespace {
namespace fs = std::filesystem;

using test::temp_dir;

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

int sh(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()); }

// The bytes between the braces of NAME[] = { ... }.
std::vector<uint8_t> array_bytes(const std::string& header) {
  const auto open = header.find("[] = {");
  const auto close = header.find("};", open);
  std::vector<uint8_t> out;
  const std::string body = header.substr(open, close - open);
  const std::regex hex("0x([0-9a-f]{2})");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), hex); it != std::sregex_iterator(); ++it)
    out.push_back(static_cast<uint8_t>(std::stoi((*it)[1].str(), nullptr, 16)));
  return out;
}

TEST(ExportC, HeaderHoldsTheExactBytesLengthAndArena) {
  TINYSIM_REQUIRE_SHARED(model, "mlperf_tiny_kws_ref_int8.tflite");
  const fs::path dir = temp_dir("export_c");
  const CHeaderInfo info = export_c_header(model.string(), (dir / "kws_model.h").string(), "kws_model").take();
  const std::string h = slurp(dir / "kws_model.h");
  const std::string file = slurp(model);
  const std::vector<uint8_t> bytes = array_bytes(h);
  ASSERT_EQ(bytes.size(), file.size());
  EXPECT_TRUE(std::equal(bytes.begin(), bytes.end(), reinterpret_cast<const uint8_t*>(file.data())));
  EXPECT_NE(h.find("const unsigned int kws_model_len = " + std::to_string(file.size()) + ";"), std::string::npos);
  const int64_t arena = plan_memory(load_tflite(model.string()).take()).arena_bytes;
  EXPECT_GT(arena, 0);
  EXPECT_EQ(info.arena_bytes, arena);
  EXPECT_NE(h.find("#define KWS_MODEL_ARENA_SIZE " + std::to_string(arena) + "\n"), std::string::npos);
  EXPECT_NE(h.find("KWS_MODEL_ALIGNED const unsigned char kws_model[] = {"), std::string::npos);
  EXPECT_EQ(c_identifier_from_path("/x/9 lives-int8.tflite"), "model_9_lives_int8");
}

TEST(ExportC, CompilesForHostAndCortexM4) {
  TINYSIM_REQUIRE_SHARED(model, "tflm_hello_world_int8.tflite");
  const fs::path dir = temp_dir("export_c_cc");
  export_c_header(model.string(), (dir / "hello.h").string(), "hello_model").take();
  // References the array so it cannot be dropped, and checks its alignment
  // and length at compile time.
  const std::string src =
      "#include \"hello.h\"\n"
      "unsigned int model_size(void) { return hello_model_len + (unsigned)HELLO_MODEL_ARENA_SIZE * 0u; }\n"
      "const unsigned char* model_data(void) { return hello_model; }\n"
      "typedef char aligned_check[(_Alignof(hello_model) >= 16) ? 1 : -1];\n";
  std::ofstream(dir / "use.c") << src;
  std::ofstream(dir / "use.cpp") << "#include \"hello.h\"\n"
                                    "static_assert(alignof(decltype(hello_model)) >= 16 || sizeof(hello_model) > 0, \"\");\n"
                                    "const unsigned char* model_data() { return hello_model; }\n"
                                    "unsigned int model_size() { return hello_model_len; }\n";
  const std::string d = dir.string();
  EXPECT_EQ(sh("cc -std=c11 -Wall -Werror -c " + d + "/use.c -o " + d + "/use_host.o"), 0);
  EXPECT_EQ(sh("c++ -std=c++17 -Wall -Werror -c " + d + "/use.cpp -o " + d + "/use_hostpp.o"), 0);
  if (sh("command -v arm-none-eabi-gcc") != 0) GTEST_SKIP() << "arm-none-eabi-gcc not installed";
  ASSERT_EQ(sh("arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -std=c11 -Wall -Werror -O2 -c " + d + "/use.c -o " + d + "/use_m4.o"), 0);
  // The array sits in read-only data (flash), in a 16-byte aligned section.
  ASSERT_EQ(std::system(("arm-none-eabi-objdump -h " + d + "/use_m4.o > " + d + "/sections.txt").c_str()), 0);
  ASSERT_EQ(std::system(("arm-none-eabi-nm " + d + "/use_m4.o > " + d + "/nm.txt").c_str()), 0);
  const std::string nm = slurp(dir / "nm.txt");
  EXPECT_NE(nm.find(" R hello_model\n"), std::string::npos) << nm;
  const std::string sec = slurp(dir / "sections.txt");
  const std::regex rodata(R"(\.rodata\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+2\*\*([0-9]+))");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(sec, m, rodata)) << sec;
  EXPECT_GE(std::stoi(m[1].str()), 4) << "alignment 2**" << m[1].str();
}

TEST(ExportC, BadInputIsAnError) {
  const fs::path dir = temp_dir("export_c_bad");
  std::ofstream(dir / "junk.tflite") << "not a model";
  auto r = export_c_header((dir / "junk.tflite").string(), (dir / "x.h").string());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("junk.tflite"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "x.h"));
  TINYSIM_REQUIRE_SHARED(model, "tflm_hello_world_int8.tflite");
  auto bad_name = export_c_header(model.string(), (dir / "y.h").string(), "3d-model");
  ASSERT_FALSE(bad_name.ok());
  EXPECT_NE(std::string(bad_name.error().what()).find("not a C identifier"), std::string::npos);
}

// --- CLI end to end --------------------------------------------------------

int cli(const std::string& args, std::string* out = nullptr) {
  const std::string log = std::string(TINYSIM_BINARY_DIR) + "/test_tmp/cli_out.txt";
  const int rc = std::system((std::string(TINYSIM_CLI) + " " + args + " >" + log + " 2>&1").c_str());
  if (out) *out = slurp(log);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

TEST(QuantCli, QuantizeExportAndMakeData) {
  TINYSIM_REQUIRE_SHARED(model, "tflm_hello_world_float.tflite");
  const fs::path dir = temp_dir("quant_cli");
  const std::string d = dir.string();
  std::string out;
  ASSERT_EQ(cli("quantize " + model.string() + " --calib random:1:50 --range -0.5:6.8 -q -o " + d + "/hello_int8.tflite", &out), 0) << out;
  EXPECT_NE(out.find("input  "), std::string::npos) << out;
  const Model q = load_tflite(d + "/hello_int8.tflite").take();
  EXPECT_EQ(q.tensors[static_cast<size_t>(q.inputs[0])].type, DType::Int8);
  ASSERT_EQ(cli("export-c " + d + "/hello_int8.tflite -o " + d + "/hello.h --name hello", &out), 0) << out;
  EXPECT_EQ(array_bytes(slurp(dir / "hello.h")).size(), fs::file_size(dir / "hello_int8.tflite"));

  ASSERT_EQ(cli("make-data vibration:30 -o " + d + "/vib --splits test calib", &out), 0) << out;
  EXPECT_TRUE(fs::exists(dir / "vib" / "dataset.json"));
  EXPECT_NE(out.find("vibration:30 test: 30 samples of shape 1x256x1, 3 classes"), std::string::npos) << out;

  // Calibration on a data set spec (the project's HAR sample model).
  const fs::path har = fs::path(TINYSIM_SOURCE_DIR) / "sample_models" / "har" / "har_float.tflite";
  if (fs::exists(har)) {
    ASSERT_EQ(cli("quantize " + har.string() + " --calib har:64 --method percentile -q -o " + d + "/har_int8.tflite", &out), 0) << out;
    EXPECT_NE(out.find("64 samples of har:64 (calib split)"), std::string::npos) << out;
    EXPECT_NE(out.find("top-1 agreement on the calibration inputs"), std::string::npos) << out;
  }

  // Bad input: exit code 2 and a one-line message naming the problem.
  EXPECT_EQ(cli("quantize " + model.string() + " --calib nonsense -o " + d + "/x.tflite", &out), 2);
  EXPECT_NE(out.find("unknown data set"), std::string::npos) << out;
  EXPECT_EQ(cli("quantize " + model.string() + " --calib har:4 -o " + d + "/x.tflite", &out), 2);
  EXPECT_NE(out.find("needs 1"), std::string::npos) << out;
  EXPECT_EQ(cli("quantize " + d + "/hello_int8.tflite --calib random:1 -o " + d + "/x.tflite", &out), 2);
  EXPECT_NE(out.find("not float32"), std::string::npos) << out;
  EXPECT_EQ(cli("quantize " + model.string() + " --calib random:1 --range 3:1 -o " + d + "/x.tflite", &out), 2);
  EXPECT_FALSE(fs::exists(dir / "x.tflite"));
}

}  // namespace
}  // namespace tinysim
