// Core value types that travel through queued signals from worker threads.
#pragma once

#include <QMetaType>

#include "core/emu/mcu_profile.h"

Q_DECLARE_METATYPE(tinysim::emu::McuProfile)
