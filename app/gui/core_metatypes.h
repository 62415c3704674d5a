// Core value types that travel through queued signals from worker threads.
#pragma once

#include <QMetaType>

#include "core/emu/mcu_profile.h"
#include "core/report/result_record.h"

Q_DECLARE_METATYPE(tinysim::emu::McuProfile)
Q_DECLARE_METATYPE(tinysim::report::ResultRecord)
