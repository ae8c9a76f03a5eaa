/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Plain-text tables for human output: a header row, columns two spaces
 * apart, numbers right-aligned, no trailing blanks (so output diffs cleanly).
 */

#include <string>
#include <string_view>
#include <vector>

namespace rex::cli {

enum class Align { left, right };

struct Column {
	std::string_view title;
	Align align = Align::left;
};

class Table {
public:
	explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

	/* One cell per column; missing cells print as empty. */
	void add_row(std::vector<std::string> cells);

	std::string render() const;

private:
	std::vector<std::size_t> column_widths() const;
	void render_row(std::string &out, const std::vector<std::string_view> &cells,
			const std::vector<std::size_t> &widths) const;

	std::vector<Column> columns_;
	std::vector<std::vector<std::string>> rows_;
};

} // namespace rex::cli
