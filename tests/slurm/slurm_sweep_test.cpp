// `tinysim sweep --slurm` on a real single-node Slurm that the test starts
// and stops itself (tests/slurm/slurm_cluster.h): the grid (the tiny pair +
// one calibration point + one sparsity, on the 4 built-in profiles) runs as
// an sbatch --array job of 4 tasks, one shard each; the merged CSV equals
// the one-process `tinysim bench` of the same files and profiles byte for
// byte (every column: the CSV has no wall-time column). Then a lost and a
// cut-short shard are re-submitted: the new array lists only those two.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>

#include "tests/slurm/slurm_cluster.h"
#include "tests/sweep/sweep_fixture.h"

namespace tinysim::test {
namespace {

constexpr const char* kProfiles = "nrf52840,sam4s16c,stm32f407,stm32l4r5";

TEST(SlurmSweep, ArrayJobShardsMergeToTheOneProcessBench) {
  const std::string why = SlurmCluster::unavailable();
  if (!why.empty()) GTEST_SKIP() << why;
  SweepFixture fx = make_sweep_fixture("slurm", {"nrf52840", "sam4s16c", "stm32f407", "stm32l4r5"});
  SlurmCluster cluster;
  // Under the build tree; a short name keeps the munge socket path short.
  cluster.start(fs::path(TINYSIM_BINARY_DIR) / "tests" / ("slurm-" + std::to_string(::getpid())), 2);
  const fs::path dir = fx.tiny.dir / "run";
  const std::string sweep = "sweep " + fx.spec.string() + " --dir " + dir.string() + " --slurm --wait";

  CommandResult r = run_cli(sweep);
  ASSERT_EQ(r.rc, 0) << r.output;
  EXPECT_NE(r.output.find("4 items x 4 profiles = 16 rows in 4 shards; 4 to run"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(array 0-3)"), std::string::npos) << r.output;
  for (int s = 0; s < 4; ++s)  // every task ran as its own Slurm array task
    EXPECT_NE(slurp(dir / "shards" / ("shard-000" + std::to_string(s) + ".status.json")).find("slurm job"),
              std::string::npos);

  const fs::path merged = fx.tiny.dir / "merged.csv", grid = fx.tiny.dir / "grid.csv";
  r = run_cli("merge " + dir.string() + " -o " + merged.string() + " --grid " + grid.string());
  ASSERT_EQ(r.rc, 0) << r.output;
  const std::string reference = reference_bench(fx, grid_models(grid), kProfiles, fx.tiny.dir / "bench.csv");
  EXPECT_EQ(report::parse_csv(reference).size(), 17u);
  EXPECT_EQ(slurp(merged), reference);

  // A lost shard and one cut short by a killed task: only they are re-run.
  const fs::path s1 = dir / "shards" / "shard-0001.csv", s2 = dir / "shards" / "shard-0002.csv";
  const auto rows = report::parse_csv(slurp(s2));
  write_text(s2, report::csv_line(rows[0]) + report::csv_line(rows[1]) + report::csv_line(rows[2]));
  fs::remove(s1);
  r = run_cli(sweep);
  ASSERT_EQ(r.rc, 0) << r.output;
  EXPECT_NE(r.output.find("(array 1-2)"), std::string::npos) << r.output;
  EXPECT_NE(slurp(dir / "logs" / "shard-0002.log").find("2 rows measured now, 2 kept from an earlier run"),
            std::string::npos);
  r = run_cli("merge " + dir.string() + " -o " + merged.string());
  ASSERT_EQ(r.rc, 0) << r.output;
  EXPECT_EQ(slurp(merged), reference);

  EXPECT_TRUE(cluster.stop()) << "a daemon ignored SIGTERM and had to be killed";
  if (!std::getenv("TINYSIM_KEEP_TEST_FILES")) {
    fs::remove_all(fx.tiny.dir);
    fs::remove_all(cluster.dir());
  }
}

}  // namespace
}  // namespace tinysim::test
