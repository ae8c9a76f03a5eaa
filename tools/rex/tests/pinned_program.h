/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * For the tests that use the host kernel: a known XDP program, loaded and
 * pinned by rex-test-pin-prog in /sys/fs/bpf or $REX_TEST_BPFFS.  The
 * tests skip unless the host allows it (root, bpf(2), a bpffs there).
 */

#include <gtest/gtest.h>

#include <string>

namespace rex::testing {

std::string test_bpffs_dir();
bool is_bpffs(const std::string &dir);

class PinnedProgram : public ::testing::Test {
protected:
	void SetUp() override;
	void TearDown() override;

	static constexpr const char *name = "rex_unit_pin";
	std::string dir_;  /* the bpffs */
	std::string path_; /* where the program is pinned */
	std::string id_;   /* its id, as text */
};

} // namespace rex::testing
