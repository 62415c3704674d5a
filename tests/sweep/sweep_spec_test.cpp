// Sweep spec parsing (every malformed field named in a one-line error) and
// the Slurm --array value for a set of shards.
#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/sweep/sweep_slurm.h"
#include "core/sweep/sweep_spec.h"

namespace tinysim::report {
namespace {

std::string error_of(const std::string& json) {
  try {
    parse_sweep_spec(json, "/tmp/specs/s.json");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(SweepSpec, PathsAreTakenFromTheSpecsFolderAndDefaultsFilled) {
  const SweepSpec s = parse_sweep_spec(
      R"({"models": ["m/a_float.tflite", "/abs/b"], "data": "sub/data:100", "profiles": ["nrf52840", "p/my.json"],
          "options": {"calibration": [{"method": "percentile", "percentile": 99.9}], "sparsity": [0.5, 0.75]}})",
      "/tmp/specs/s.json");
  EXPECT_EQ(s.models, (std::vector<std::string>{"/tmp/specs/m/a_float.tflite", "/abs/b"}));
  EXPECT_EQ(s.data, "/tmp/specs/sub/data:100");
  EXPECT_EQ(s.profiles, (std::vector<std::string>{"nrf52840", "/tmp/specs/p/my.json"}));
  ASSERT_EQ(s.calibration.size(), 1u);
  EXPECT_EQ(s.calibration[0].method, "percentile");
  EXPECT_EQ(s.calibration[0].samples, 200u);
  EXPECT_EQ(s.sparsity, (std::vector<double>{0.5, 0.75}));
  EXPECT_EQ(s.latency_samples, 3);
  // The canonical form reads back to the same spec.
  EXPECT_EQ(sweep_spec_json(parse_sweep_spec(sweep_spec_json(s), s.path)), sweep_spec_json(s));
}

TEST(SweepSpec, MalformedFieldsAreNamed) {
  EXPECT_NE(error_of("{").find("is not valid JSON"), std::string::npos);
  EXPECT_NE(error_of(R"({"models": ["a.tflite"]})").find("\"profiles\" is missing"), std::string::npos);
  EXPECT_NE(error_of(R"({"profiles": ["nrf52840"]})").find("no \"models\""), std::string::npos);
  EXPECT_NE(error_of(R"({"models": "a", "profiles": ["x"]})").find("\"models\" has the wrong type"), std::string::npos);
  EXPECT_NE(error_of(R"({"models": ["a"], "profiles": ["x"], "modles": 1})").find("unknown field \"modles\""),
            std::string::npos);
  EXPECT_NE(error_of(R"({"models": ["a"], "profiles": ["x", "x"]})").find("listed twice"), std::string::npos);
  EXPECT_NE(error_of(R"({"models": ["a"], "profiles": ["x"], "options": {"calibration": [{"method": "kl"}]}})")
                .find("unknown method \"kl\""),
            std::string::npos);
  EXPECT_NE(error_of(R"({"models": ["a"], "profiles": ["x"], "options": {"sparsity": [1.5]}})").find("outside [0, 0.99]"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"models": ["a"], "profiles": ["x"], "options": {"prune": {"epochs": 0}}})").find("epochs >= 1"),
            std::string::npos);
  EXPECT_EQ(error_of(R"({"models": ["a"], "profiles": ["x"]})"), "no error");
}

TEST(SweepSlurm, ArraySpecCompressesRunsOfShards) {
  EXPECT_EQ(slurm_array_spec({0, 1, 2, 3}, 0), "0-3");
  EXPECT_EQ(slurm_array_spec({1, 2, 5, 7, 8, 9}, 0), "1-2,5,7-9");
  EXPECT_EQ(slurm_array_spec({4}, 2), "4%2");
}

}  // namespace
}  // namespace tinysim::report
