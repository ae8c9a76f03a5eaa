// SPDX-License-Identifier: GPL-2.0
#pragma once

struct list_node {
	list_node *next;
};
