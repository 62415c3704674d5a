#include <fmt/core.h>

#include <algorithm>
#include <map>

#include "app/cli/command_registry.h"
#include "core/common/error.h"

namespace tinysim::cli {
std::vector<CommandRegistration>& command_registry() {
  static std::vector<CommandRegistration> registry;
  return registry;
}
}  // namespace tinysim::cli

int main(int argc, char** argv) {
  using namespace tinysim::cli;
  CLI::App app{"TinySim: run and benchmark TinyML models on an emulated Cortex-M4"};
  app.set_version_flag("--version", TINYSIM_VERSION);
  app.require_subcommand(1);

  auto& registry = command_registry();
  std::sort(registry.begin(), registry.end(), [](auto& a, auto& b) { return a.name < b.name; });
  std::map<CLI::App*, std::function<int()>> actions;
  for (auto& reg : registry) {
    CLI::App* sub = app.add_subcommand(reg.name);
    actions[sub] = reg.setup(*sub);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  try {
    for (auto& [sub, action] : actions)
      if (sub->parsed()) return action();
  } catch (const tinysim::Error& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  }
  return 2;
}
