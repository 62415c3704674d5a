// Subcommands register themselves (one file each), so adding a command never
// touches main.cpp. Exit codes: 0 success, 1 a check failed (e.g. model does
// not fit), 2 bad input or an error the user has to fix.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace tinysim::cli {

// Adds the subcommand to app and returns the action to run when it is chosen.
using CommandSetup = std::function<std::function<int()>(CLI::App& app)>;

struct CommandRegistration {
  std::string name;
  CommandSetup setup;
};

std::vector<CommandRegistration>& command_registry();

struct RegisterCommand {
  RegisterCommand(std::string name, CommandSetup setup) {
    command_registry().push_back({std::move(name), std::move(setup)});
  }
};

}  // namespace tinysim::cli
