// Fixture for module_deps.rejects_upward_include: report reaching up into
// training is the edge the check must reject.
#include "core/data/samples.h"
#include "core/train/trainer.h"
