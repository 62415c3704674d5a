// One support check: on every third-party and sample model, the ops
// `tinysim inspect --json` lists as unsupported for a backend are exactly the
// ops `tinysim run` refuses on that backend (--backend host: the host
// kernels; --backend unicorn: the Cortex-M4 firmware), and neither advises
// the backend the user already chose.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/shared_files.h"

namespace fs = std::filesystem;

namespace {

struct Cli {
  int rc = 0;
  std::string out, err;
};

Cli cli(const std::string& args) {
  const fs::path dir = fs::temp_directory_path();
  const std::string tag = std::to_string(::getpid());
  const fs::path out = dir / ("ts_support_" + tag + ".out"), err = dir / ("ts_support_" + tag + ".err");
  const std::string cmd =
      std::string("'") + TINYSIM_CLI + "' " + args + " >'" + out.string() + "' 2>'" + err.string() + "'";
  Cli r;
  const int status = std::system(cmd.c_str());
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  auto slurp = [](const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  r.out = slurp(out);
  r.err = slurp(err);
  fs::remove(out);
  fs::remove(err);
  return r;
}

std::vector<fs::path> all_models() {
  std::vector<fs::path> out;
  for (const fs::path& dir :
       {tinysim::test::shared_dir() / "third_party_models", tinysim::test::source_dir() / "sample_models"}) {
    if (!fs::exists(dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.path().extension() == ".tflite") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::set<int> listed(const nlohmann::json& list) {
  std::set<int> s;
  for (const auto& e : list) s.insert(e.at("index").get<int>());
  return s;
}

// "op 3 (SVDF) ..." and "also refused ...: op 5 (X), op 7 (Y)".
std::set<int> refused_in(const std::string& err) {
  std::set<int> s;
  static const std::regex op(R"(\bop (\d+) \()");
  for (auto it = std::sregex_iterator(err.begin(), err.end(), op); it != std::sregex_iterator(); ++it)
    s.insert(std::stoi((*it)[1]));
  return s;
}

// Models whose every op must run on the host and on the Cortex-M4 firmware
// (issue 10: the audio front ends once refused at op 0, SignalWindow).
const std::set<std::string> kMustRunEverywhere = {
    "tflm_micro_speech_audio_preprocessor_int8.tflite",
    "tflm_micro_speech_audio_preprocessor_float.tflite",
};

}  // namespace

TEST(SupportCheck, InspectFlagsExactlyWhatRunRefusesPerBackend) {
  const auto models = all_models();
  if (models.size() < 10) GTEST_SKIP() << "needs ../shared/third_party_models";
  int refused_models = 0;
  for (const fs::path& path : models) {
    SCOPED_TRACE(path.filename().string());
    const Cli inspect = cli("inspect --json '" + path.string() + "'");
    ASSERT_EQ(inspect.rc, 0) << inspect.err;
    const nlohmann::json j = nlohmann::json::parse(inspect.out);
    const std::set<int> host = listed(j.at("unsupported").at("host"));
    const std::set<int> firmware = listed(j.at("unsupported").at("firmware"));
    for (int i : host) EXPECT_TRUE(firmware.count(i)) << "op " << i << " runs on the firmware but not the host?";
    if (kMustRunEverywhere.count(path.filename().string())) {
      EXPECT_TRUE(host.empty()) << inspect.out;
      EXPECT_TRUE(firmware.empty()) << inspect.out;
    }
    for (const auto& [backend, expected] :
         {std::pair<std::string, std::set<int>>{"host", host}, {"unicorn", firmware}}) {
      SCOPED_TRACE(backend);
      // stm32l4r5's large RAM keeps "does not fit" out of the way; fit is not an op refusal.
      const Cli run =
          cli("run '" + path.string() + "' --mcu stm32l4r5 --random 1 --allow-overflow --backend " + backend);
      if (expected.empty()) {
        EXPECT_EQ(run.rc, 0) << run.err;
        continue;
      }
      ++refused_models;
      EXPECT_EQ(run.rc, 2) << run.err;
      EXPECT_EQ(refused_in(run.err), expected) << run.err;
      EXPECT_EQ(run.err.find("--backend " + backend), std::string::npos)
          << "advises the backend already chosen: " << run.err;
      EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << "one line: " << run.err;
    }
  }
  RecordProperty("models", static_cast<int>(models.size()));
  RecordProperty("refused_model_backends", refused_models);
}

// Models that once were refused and must now run on every backend: inspect
// lists nothing unsupported (the test above then holds run to it).
TEST(SupportCheck, FormerlyRefusedModelsNowRunEverywhere) {
  const char* const must_run[] = {"tflm_test_mnist_lstm_float.tflite", "tflm_test_mnist_lstm_int8.tflite",
                                  "tflm_test_xtensa_micro_speech_lstm_int8.tflite"};
  for (const char* name : must_run) {
    SCOPED_TRACE(name);
    const fs::path path = tinysim::test::third_party(name);
    if (!fs::exists(path)) GTEST_SKIP() << "needs " << path;
    const Cli inspect = cli("inspect --json '" + path.string() + "'");
    ASSERT_EQ(inspect.rc, 0) << inspect.err;
    const nlohmann::json j = nlohmann::json::parse(inspect.out);
    EXPECT_TRUE(listed(j.at("unsupported").at("host")).empty()) << j.at("unsupported").dump();
    EXPECT_TRUE(listed(j.at("unsupported").at("firmware")).empty()) << j.at("unsupported").dump();
  }
}
