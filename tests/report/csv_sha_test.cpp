// CSV quoting/parsing and SHA-256 against published vectors and sha256sum.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/report/csv.h"
#include "core/report/result_record.h"
#include "core/report/sha256.h"
#include "core/report/text_table.h"

namespace tinysim::report {
namespace {

TEST(Csv, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_line({"a", "", "c,d"}), "a,,\"c,d\"\n");
}

TEST(Csv, ParsesWhatItWrites) {
  const std::vector<CsvRow> rows = {{"model", "flags", "empty", "q"},
                                    {"kws", "-mcpu=cortex-m4 -O2, -DX=\"1\"", "", "multi\nline"},
                                    {"", "", "", ""}};
  std::string text;
  for (const auto& r : rows) text += csv_line(r);
  EXPECT_EQ(parse_csv(text), rows);
  // CRLF line ends and a missing final newline read the same.
  EXPECT_EQ(parse_csv("a,b\r\nc,d"), (std::vector<CsvRow>{{"a", "b"}, {"c", "d"}}));
}

TEST(Csv, RejectsBrokenQuoting) {
  EXPECT_THROW(parse_csv("a,\"open\n"), Error);
  EXPECT_THROW(parse_csv("a,b\"c\n"), Error);
}

TEST(Sha256, FipsVectors) {
  EXPECT_EQ(sha256_hex("", 0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc", 3), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  EXPECT_EQ(sha256_hex(two_blocks.data(), two_blocks.size()),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  const std::string million(1000000, 'a');
  EXPECT_EQ(sha256_hex(million.data(), million.size()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, FileMatchesSha256sum) {
  const auto path = std::filesystem::temp_directory_path() / ("tinysim_sha_" + std::to_string(::getpid()));
  {
    std::ofstream f(path, std::ios::binary);
    for (int i = 0; i < 200000; ++i) f.put(char(i * 7 + (i >> 8)));
  }
  const std::string cmd = "sha256sum " + path.string();
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[65] = {};
  ASSERT_EQ(fread(buf, 1, 64, p), 64u);
  pclose(p);
  EXPECT_EQ(sha256_file(path.string()), std::string(buf));
  std::filesystem::remove(path);
  EXPECT_THROW(sha256_file("/nonexistent/model.tflite"), Error);
}

TEST(ResultRecord, SplitsVariantSuffixes) {
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(split_model_variant("kws_pruned_int8"), P("kws", "pruned_int8"));
  EXPECT_EQ(split_model_variant("fashion_mnist_qat_int8"), P("fashion_mnist", "qat_int8"));
  EXPECT_EQ(split_model_variant("har_float"), P("har", "float"));
  EXPECT_EQ(split_model_variant("mlperf_tiny_kws_ref_float32"), P("mlperf_tiny_kws_ref", "float32"));
  EXPECT_EQ(split_model_variant("mlperf_tiny_ad01_fp32"), P("mlperf_tiny_ad01", "fp32"));
  EXPECT_EQ(split_model_variant("kws_distilled_int8"), P("kws", "distilled_int8"));
  EXPECT_EQ(split_model_variant("mystery"), P("mystery", ""));
  EXPECT_EQ(split_model_variant("int8"), P("int8", ""));
  EXPECT_TRUE(is_float_variant("float32"));
  EXPECT_FALSE(is_float_variant("int8"));
}

TEST(TextTable, BytesWithKiB) {
  EXPECT_EQ(bytes_with_kib(2048), "2048 (2.0 KiB)");
  EXPECT_EQ(bytes_with_kib(1000), "1000 (1.0 KiB)");
  ResultRecord r;
  r.model = "kws";
  r.variant = "int8";
  r.mcu = "nrf52840";
  r.accuracy = 0.9123;
  r.ram_peak_bytes = 16884;
  r.fits = false;
  r.overflow_bytes = 1024;
  const std::string t = format_table({r});
  EXPECT_NE(t.find("91.23%"), std::string::npos) << t;
  EXPECT_NE(t.find("16884 (16.5 KiB)"), std::string::npos) << t;
  EXPECT_NE(t.find("NO (+1024 (1.0 KiB))"), std::string::npos) << t;
}

}  // namespace
}  // namespace tinysim::report

#include "core/report/json_report.h"

namespace tinysim::report {
namespace {

// GUI sessions store records as to_json and read them with record_from_json:
// every field must survive, optional ones absent or present.
TEST(JsonReport, RecordRoundTrips) {
  ResultRecord r;
  r.model = "kws";
  r.variant = "int8";
  r.mcu = "nrf52840";
  r.path = "/x/kws_int8.tflite";
  r.dataset = "kws:100";
  r.float_parent = "float";
  r.accuracy = 0.8125;
  r.agreement = 0.9;
  r.rmse = 0.01234567890123;
  r.cosine = 0.999;
  r.test_samples = 100;
  r.correct = 81;
  r.confusion = {{40, 2}, {17, 41}};
  r.class_names = {"yes", "no"};
  r.latency_samples = 3;
  r.latency_ms = 12.3456789;
  r.cycles = 790123;
  r.cycles_min = 790001;
  r.cycles_max = 790400;
  r.instructions = 600000;
  r.cycles_per_mac = 3.25;
  r.macs = 243114;
  r.params = 5000;
  r.ram_peak_bytes = 20000;
  r.arena_bytes = 16000;
  r.stack_bytes = 1200;
  r.static_ram_bytes = 2800;
  r.flash_bytes = 60000;
  r.weights_bytes = 20000;
  r.code_bytes = 30000;
  r.energy_uj = 55.5;
  r.fits = false;
  r.overflow_bytes = 123;
  r.sparsity = 0.5;
  r.model_sha256 = "ab12";
  r.tinysim_version = "0.1.0";
  r.profile_clock_hz = 64000000;
  r.firmware_flags = "-O2";
  r.layers = {{0, "CONV_2D", 1000, 4000, 3000, 250, 4.0}, {1, "SOFTMAX", 0, 500, 400, 0, std::nullopt}};
  const nlohmann::json j = to_json(r);
  EXPECT_EQ(to_json(record_from_json(j)).dump(), j.dump());
  EXPECT_EQ(record_from_json(j).layers[0].flash_stall_cycles, 250u);

  ResultRecord bare;
  bare.model = "m";
  bare.variant = "float";
  bare.mcu = "x";
  EXPECT_EQ(to_json(record_from_json(to_json(bare))).dump(), to_json(bare).dump());
  EXPECT_FALSE(record_from_json(to_json(bare)).accuracy.has_value());

  nlohmann::json broken = j;
  broken.erase("mcu");
  try {
    record_from_json(broken);
    FAIL() << "a record without mcu must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("mcu"), std::string::npos);
  }
}

}  // namespace
}  // namespace tinysim::report
