// `tinysim merge DIR [SHARD.csv...] -o OUT.csv [--grid FILE] [--partial]`:
// joins the shard CSVs of the sweep in DIR (core/sweep/sweep_merge.h) into
// one CSV, rows in the order `tinysim bench` writes the same grid. Missing or
// cut-short shards are listed and nothing is written unless --partial.
#include <fmt/core.h>

#include <memory>

#include "app/cli/command_registry.h"
#include "core/common/error.h"
#include "core/common/atomic_file.h"
#include "core/sweep/sweep_merge.h"

namespace tinysim::cli {
namespace {

using namespace tinysim::report;

struct MergeCliOptions {
  std::string dir, out, grid;
  std::vector<std::string> csvs;
  bool partial = false;
};

int run_merge(const MergeCliOptions& o) {
  const SweepPlan plan = load_manifest(o.dir);
  const MergeReport rep = merge_shards(plan, o.csvs);
  for (const std::string& d : rep.duplicates) fmt::print(stderr, "note: duplicate: {}\n", d);
  for (const std::string& m : rep.missing) fmt::print(stderr, "missing: {}\n", m);
  if (!rep.complete() && !o.partial) {
    fmt::print(stderr,
               "error: {} of {} shards missing rows; {} not written (run the sweep command again to measure only "
               "those shards, or pass --partial)\n",
               rep.missing_shards.size(), plan.shards.size(), o.out);
    return 1;
  }
  write_file_atomically(o.out, merged_csv(rep));
  if (!o.grid.empty()) write_file_atomically(o.grid, merged_grid_csv(plan, rep));
  fmt::print(stderr, "{} of {} rows from {} shards written to {}\n", rep.rows.size(), plan.rows(),
             plan.shards.size() - rep.missing_shards.size(), o.out);
  return rep.complete() ? 0 : 1;
}

const RegisterCommand kRegister("merge", [](CLI::App& app) -> std::function<int()> {
  auto o = std::make_shared<MergeCliOptions>();
  app.description(
      "Join the shard CSVs of a sweep into one CSV (the columns and row order of `tinysim bench --csv` on the "
      "same grid). Reports missing and duplicate shards; exits 1 and writes nothing when shards are missing, "
      "unless --partial.");
  app.add_option("dir", o->dir, "the sweep folder (holds sweep.json)")->required();
  app.add_option("csvs", o->csvs, "shard CSVs (shard-NNNN.csv) to merge instead of DIR/shards/*");
  app.add_option("-o,--out", o->out, "merged CSV")->required();
  app.add_option("--grid", o->grid, "also write which grid point (option, model file) each row is");
  app.add_flag("--partial", o->partial, "write the rows there are even when shards are missing (exit 1)");
  return [o] { return run_merge(*o); };
});

}  // namespace
}  // namespace tinysim::cli
