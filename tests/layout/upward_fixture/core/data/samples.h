// Fixture for module_deps.rejects_upward_include: a legal downward include.
#pragma once
#include "core/common/error.h"
