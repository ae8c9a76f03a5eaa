// SPDX-License-Identifier: GPL-2.0
#pragma once

constexpr rex::u32 own_limit = 4;
